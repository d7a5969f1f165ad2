#!/usr/bin/env bash
# Issue "one engine, one way in" on the GPU machine (runtime staged; carry .dev/app = this commit's jars and
# .dev/appb = the jars of the commit before the change, same static runtime):  bash bench/gpu/seams.sh STEP
#   same  yolov8n, 4 epochs, batch 128, after/before/after/before: the losses (results.csv) and img/s per epoch
#   again one more 4-epoch run of this commit's jars (after later changes)
#   sync  as dist's plain and Gloo runs, the two ranks with -Dyolo.dist.syncBatchNorm=true
#   dist  2 epochs of the same recipe: a plain one-rank run (batch 128), one NCCL rank (-Dyolo.dist.ranks=1) and
#         two Gloo ranks sharing cuda:0 (-Dyolo.dist.ranks=2, 64 per rank, global batch 128)
# Writes $OUT/seams-STEP.txt (every run's epoch lines and results.csv) and $OUT/seams-STEP-logs.tgz.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
step="${1:?same, again, dist or sync}"
export YOLO_DIST_TIMEOUT="${YOLO_DIST_TIMEOUT:-600}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
base=(model=yolov8n.yaml data=/tmp/synth/data.yaml imgsz=640 workers=16 cache=ram seed=0 plots=False val=False device=0)
summary="$out/seams-$step.txt"; : > "$summary"
mkdir -p /tmp/seamlogs

run() { # name, app dir, extra JAVA_OPTS, args...
  local name="$1" app="$2" opts="$3"; shift 3
  rm -rf "/tmp/runs/$name"
  local t0=$(date +%s.%N)
  JAVA_OPTS="-Xmx32g -Djava.awt.headless=true $opts" bash "$app/java.sh" dev.yolojava.samples.Train "${base[@]}" \
    save_dir="/tmp/runs/$name" "$@" > "/tmp/seamlogs/$name.log" 2>&1
  local rc=$? t1=$(date +%s.%N)
  {
    echo "== $name app=$app opts='$opts' args='$*' rc=$rc wall_s=$(awk "BEGIN{print $t1 - $t0}")"
    grep -E "epoch [0-9]+/[0-9]+:|Training |Exception|Error|at dev" "/tmp/seamlogs/$name.log" | head -30
    cat "/tmp/runs/$name/results.csv" 2>/dev/null
  } >> "$summary"
}

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
  run gloo2sync .dev/app "-Dyolo.dist.ranks=2 -Dyolo.dist.syncBatchNorm=true" epochs=2 batch=128
fi
if [[ "$step" == dist ]]; then
  run plain1 .dev/app "" epochs=2 batch=128
  run nccl1 .dev/app "-Dyolo.dist.ranks=1" epochs=2 batch=128
  run gloo2 .dev/app "-Dyolo.dist.ranks=2" epochs=2 batch=128
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >> "$summary"
tar czf "$out/seams-$step-logs.tgz" -C /tmp/seamlogs .
cat "$summary"
