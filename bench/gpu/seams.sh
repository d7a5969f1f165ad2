#!/usr/bin/env bash
# Issue "one engine, one way in" on the GPU machine (runtime staged; carry .dev/app = this commit's jars and
# .dev/appb = the jars of the commit before the change, same static runtime):  bash bench/gpu/seams.sh STEP
#   same  yolov8n, 4 epochs, batch 128, after/before/after/before: the losses (results.csv) and img/s per epoch
#   again one more 4-epoch run of this commit's jars (after later changes)
#   sync  as dist's plain run, and two Gloo ranks as two processes on cuda:0 with -Dyolo.dist.syncBatchNorm=true
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
if [[ "$step" == sync ]]; then  # SyncBatchNorm (opt-in): two Gloo ranks against one rank of the same global batch
  run plain1 .dev/app "" epochs=2 batch=128
  # two processes sharing cuda:0, launched as torchrun would: ranks that are threads of one JVM cannot run
  # SyncBatchNorm on one GPU (libtorch's one autograd thread per device serialises their backward passes)
  export MASTER_ADDR=127.0.0.1 MASTER_PORT=29511 WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 YOLO_DIST_TIMEOUT=180
  RANK=1 LOCAL_RANK=1 JAVA_OPTS="-Xmx32g -Djava.awt.headless=true -Dyolo.dist.syncBatchNorm=true" \
    bash .dev/app/java.sh dev.yolojava.samples.Train "${base[@]}" save_dir=/tmp/runs/sync2p-rank1 epochs=2 batch=128 \
    > "$logs/sync2p-rank1.log" 2>&1 &
  RANK=0 LOCAL_RANK=0 run sync2p .dev/app "-Dyolo.dist.syncBatchNorm=true" epochs=2 batch=128
  wait
  grep -E "Exception|Error" "$logs/sync2p-rank1.log" | head -5 >> "$summary"
  unset MASTER_ADDR MASTER_PORT WORLD_SIZE LOCAL_WORLD_SIZE
fi
if [[ "$step" == dist ]]; then
  run plain1 .dev/app "" epochs=2 batch=128
  run nccl1 .dev/app "-Dyolo.dist.ranks=1" epochs=2 batch=128
  run gloo2 .dev/app "-Dyolo.dist.ranks=2" epochs=2 batch=128
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >> "$summary"
tar czf "$out/seams-$step-logs.tgz" -C /tmp/seamlogs .
cat "$summary"
