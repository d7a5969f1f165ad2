#!/usr/bin/env bash
# Issue "one engine, one way in" on the GPU machine (runtime staged; carry .dev/app = this commit's jars and
# .dev/appb = the jars of the commit before the change, same static runtime):  bash bench/gpu/seams.sh STEP
#   same  yolov8n, 4 epochs, batch 128, after/before/after/before: the losses (results.csv) and img/s per epoch
#   again one more 4-epoch run of this commit's jars (after later changes)
#   sync  bench/gpu/sync2p.sh plain: one rank, and two Gloo ranks as two processes on cuda:0 with SyncBatchNorm
#   dist  2 epochs of the same recipe: a plain one-rank run (batch 128), one NCCL rank (-Dyolo.dist.ranks=1) and
#         two Gloo ranks sharing cuda:0 (-Dyolo.dist.ranks=2, 64 per rank, global batch 128)
# Writes $OUT/seams-STEP.txt (every run's epoch lines and results.csv) and $OUT/seams-STEP-logs.tgz.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
step="${1:?same, again, dist or sync}"
export YOLO_DIST_TIMEOUT="${YOLO_DIST_TIMEOUT:-600}"
summary="$out/seams-$step.txt"; : > "$summary"
logs=/tmp/seamlogs
source bench/gpu/train-run.sh
run() { train_run "$@"; }

if [[ "$step" == same ]]; then
  run after1 .dev/app "" epochs=4 batch=128
  run before1 .dev/appb "" epochs=4 batch=128
  run after2 .dev/app "" epochs=4 batch=128
  run before2 .dev/appb "" epochs=4 batch=128
fi
if [[ "$step" == again ]]; then
  run after3 .dev/app "" epochs=4 batch=128
fi
if [[ "$step" == sync ]]; then  # SyncBatchNorm (opt-in): two Gloo ranks, two processes, against one rank
  bash bench/gpu/sync2p.sh plain
fi
if [[ "$step" == dist ]]; then
  run plain1 .dev/app "" epochs=2 batch=128
  run nccl1 .dev/app "-Dyolo.dist.ranks=1" epochs=2 batch=128
  run gloo2 .dev/app "-Dyolo.dist.ranks=2" epochs=2 batch=128
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >> "$summary"
tar czf "$out/seams-$step-logs.tgz" -C /tmp/seamlogs .
cat "$summary"
