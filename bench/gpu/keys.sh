#!/usr/bin/env bash
# Keys honoured since 2026-12-07 on the GPU machine (runtime staged; carry .dev/app = this commit's jars, and for
# `ultra` also .dev/fx = the fixture checkpoints, synth-val64.tar and ultra.tgz, Ultralytics 8.4.90's package):
#   bash bench/gpu/keys.sh STEP
#   det    yolov8n 4 epochs batch 128: deterministic=True (the default) and False: losses and img/s
#   auto   AutoBatch: batch=-1 and batch=0.9, 1 epoch each: the batch chosen and whether it trains
#   ms     multi_scale=0.5, 2 epochs batch 64 (CUDA graphs off): it runs, img/s
#   ultra  Ultralytics references for end2end=False, val classes= and rect=False (bench/gpu/ultra_keys.py)
# Writes $OUT/keys-STEP.txt (ultra: also keys-metrics.json and yolo26n-synth-pred-end2end-false.json).
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
step="${1:?det, auto, ms or ultra}"
summary="$out/keys-$step.txt"; : > "$summary"
if [[ "$step" == ultra ]]; then
  mkdir -p /tmp/ultra && tar xzf .dev/fx/ultra.tgz -C /tmp/ultra
  python3 bench/gpu/ultra_keys.py /tmp/ultra .dev/fx "$out" > "$summary" 2>&1
  echo "rc=$?" >> "$summary"; tail -40 "$summary"; exit 0
fi
logs=/tmp/keylogs
source bench/gpu/train-run.sh
run() { local name="$1"; shift; train_run "$name" .dev/app "$@"; } # name, extra JAVA_OPTS, args...
if [[ "$step" == det ]]; then
  run det_true "" epochs=4 batch=128
  run det_false "" epochs=4 batch=128 deterministic=False
fi
if [[ "$step" == auto ]]; then
  run auto_default "" epochs=1 batch=-1
  run auto_90 "" epochs=1 batch=0.9
fi
if [[ "$step" == ms ]]; then
  run ms50 "" epochs=2 batch=64 multi_scale=0.5
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> "$summary"
cat "$summary"
