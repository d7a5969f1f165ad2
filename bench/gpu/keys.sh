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
mkdir -p /tmp/keylogs
if [[ "$step" == ultra ]]; then
  mkdir -p /tmp/ultra && tar xzf .dev/fx/ultra.tgz -C /tmp/ultra
  python3 bench/gpu/ultra_keys.py /tmp/ultra .dev/fx "$out" > "$summary" 2>&1
  echo "rc=$?" >> "$summary"; tail -40 "$summary"; exit 0
fi
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
base=(model=yolov8n.yaml data=/tmp/synth/data.yaml imgsz=640 workers=16 cache=ram seed=0 plots=False val=False device=0)
run() { # name, extra JAVA_OPTS, args...
  local name="$1" opts="$2"; shift 2
  rm -rf "/tmp/runs/$name"
  local t0=$(date +%s.%N)
  JAVA_OPTS="-Xmx32g -Djava.awt.headless=true $opts" bash .dev/app/java.sh dev.yolojava.samples.Train "${base[@]}" \
    save_dir="/tmp/runs/$name" "$@" > "/tmp/keylogs/$name.log" 2>&1
  local rc=$? t1=$(date +%s.%N)
  {
    echo "== $name opts='$opts' args='$*' rc=$rc wall_s=$(awk "BEGIN{print $t1 - $t0}")"
    grep -E "epoch [0-9]+/[0-9]+:|Training |AutoBatch|determin|Exception|Error|WARN|at dev" "/tmp/keylogs/$name.log" | head -40
    cat "/tmp/runs/$name/results.csv" 2>/dev/null
  } >> "$summary"
}
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
