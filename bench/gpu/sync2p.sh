#!/usr/bin/env bash
# Issue "one engine, one way in", point 5 with SyncBatchNorm: two Gloo ranks as two processes sharing cuda:0
# (torchrun-style variables), global batch 128, 2 epochs, against one plain rank of the same recipe.
#   bash bench/gpu/sync2p.sh [plain] [KEY=VALUE...]   e.g.  bash bench/gpu/sync2p.sh plain amp=False
# JVM_EXTRA (e.g. -Dyolo.train.tf32=false) goes to the JVM of every run.
# "plain" also runs the one-rank reference first; extra keys go to both runs. Writes $OUT/seams-sync2p.txt.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
summary="$out/seams-sync2p.txt"; : > "$summary"; logs=/tmp/seamlogs
source bench/gpu/train-run.sh; mkdir -p "$logs"
plain=0; if [[ "${1:-}" == plain ]]; then plain=1; shift; fi
extra=("$@"); jx="${JVM_EXTRA:-}"
if [[ $plain == 1 ]]; then
  train_run plain1 .dev/app "$jx" epochs=2 batch=128 "${extra[@]}"
fi
export MASTER_ADDR=127.0.0.1 MASTER_PORT=29511 WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 YOLO_DIST_TIMEOUT=120
RANK=1 LOCAL_RANK=1 JAVA_OPTS="-Xmx32g -Djava.awt.headless=true -Dyolo.dist.syncBatchNorm=true $jx" \
  bash .dev/app/java.sh dev.yolojava.samples.Train "${base[@]}" save_dir=/tmp/runs/sync2p-rank1 epochs=2 batch=128 \
  "${extra[@]}" > "$logs/sync2p-rank1.log" 2>&1 &
RANK=0 LOCAL_RANK=0 train_run sync2p .dev/app "-Dyolo.dist.syncBatchNorm=true $jx" epochs=2 batch=128 "${extra[@]}"
wait
unset MASTER_ADDR MASTER_PORT WORLD_SIZE LOCAL_WORLD_SIZE
grep -E "Exception|Error" "$logs/sync2p-rank1.log" | head -5 >> "$summary"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >> "$summary"
cat "$summary"
