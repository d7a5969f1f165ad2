#!/usr/bin/env bash
# On the 2-GPU machine (runtime staged, carry .dev/app):  bash bench/gpu/ddp.sh STEP
# STEP: train1 | train2 | env2 | val | placement | all   (each step fits in one 10-minute command)
#   train1     yolov8n, 1 epoch, batch 128 on GPU 0                       -> img/s (1 GPU)
#   train2     same, batch 256 on device=0,1 (one JVM, a thread per GPU)   -> img/s (2 GPUs)
#   env2       same, two JVMs joined through MASTER_ADDR/PORT, WORLD_SIZE, RANK, LOCAL_RANK
#   val        best.pt of train1 on the 500 val images: device=0 vs device=0,1 (wall time, metrics must match)
#   placement  device=1 train / val / predict while sampling nvidia-smi --query-compute-apps=pid,gpu_uuid
# Logs and a JSON line per figure go to $OUT (ddp.jsonl); img/s is the trainer's own "epoch 1/1: N img/s".
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
step="${1:-all}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx48g -Djava.awt.headless=true}"
export YOLO_DIST_TIMEOUT="${YOLO_DIST_TIMEOUT:-600}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
common=(model=yolov8n.yaml data=/tmp/synth/data.yaml epochs=3 imgsz=640 workers=16 plots=False val=False)
now() { date +%s.%N; }
imgs() { grep -oE "epoch 3/3: [0-9.]+ img/s" "$1" | grep -oE "[0-9.]+ img" | grep -oE "[0-9.]+" | tail -1; }
record() { echo "$1" | tee -a "$out/ddp.jsonl"; }

train() { # name, extra args...
  local name="$1"; shift
  rm -rf "/tmp/runs/$name"
  local t0; t0=$(now)
  bash .dev/app/java.sh dev.yolojava.samples.Train "${common[@]}" save_dir="/tmp/runs/$name" "$@" \
    > "$out/$name.log" 2>&1
  local rc=$? t1; t1=$(now)
  grep -E "epoch [0-9]+/|Exception|Error" "$out/$name.log" | head -20
  record "{\"bench\":\"ddp\",\"case\":\"$name\",\"img_per_s\":$(imgs "$out/$name.log" || echo null),\"wall_s\":$(echo "$t1 - $t0" | bc),\"rc\":$rc}"
}

if [[ "$step" == train1 || "$step" == all ]]; then
  train ddp-1gpu batch=128 device=0
fi
if [[ "$step" == train2 || "$step" == all ]]; then
  train ddp-2gpu batch=256 device=0,1
fi
if [[ "$step" == env2 || "$step" == all ]]; then
  rm -rf /tmp/runs/ddp-env2
  t0=$(now)
  for r in 0 1; do
    MASTER_ADDR=127.0.0.1 MASTER_PORT=29517 WORLD_SIZE=2 RANK=$r LOCAL_RANK=$r \
      bash .dev/app/java.sh dev.yolojava.samples.Train "${common[@]}" save_dir=/tmp/runs/ddp-env2 batch=256 \
      device=0,1 > "$out/ddp-env2-rank$r.log" 2>&1 &
  done
  wait
  t1=$(now)
  grep -E "epoch [0-9]+/|Exception|Error" "$out"/ddp-env2-rank*.log | head -20
  record "{\"bench\":\"ddp\",\"case\":\"ddp-env2\",\"img_per_s_rank0\":$(imgs "$out/ddp-env2-rank0.log" || echo null),\"wall_s\":$(echo "$t1 - $t0" | bc)}"
fi
if [[ "$step" == val || "$step" == all ]]; then
  ckpt=/tmp/runs/ddp-1gpu/weights/last.pt
  for dev in 0 0,1; do
    t0=$(now)
    bash .dev/app/java.sh dev.yolojava.samples.Validate model=$ckpt data=/tmp/synth/data.yaml batch=32 \
      device=$dev > "$out/ddp-val-$dev.log" 2>&1
    t1=$(now)
    json=$(grep -E '^\{' "$out/ddp-val-$dev.log" | tail -1)
    record "{\"bench\":\"ddp-val\",\"device\":\"$dev\",\"wall_s\":$(echo "$t1 - $t0" | bc),\"result\":${json:-null}}"
  done
  tail -n 2 "$out/ddp.jsonl"
fi
if [[ "$step" == placement || "$step" == all ]]; then
  nvidia-smi --query-gpu=index,uuid --format=csv,noheader > "$out/placement-gpus.csv"
  ckpt=/tmp/runs/ddp-1gpu/weights/last.pt
  img=$(ls /tmp/synth/images/val/* | head -1)
  for job in train val predict; do
    case $job in
      train) cmd=(dev.yolojava.samples.Train "${common[@]}" save_dir=/tmp/runs/ddp-dev1 batch=64 device=1 fraction=0.25) ;;
      val) cmd=(dev.yolojava.samples.Validate model=$ckpt data=/tmp/synth/data.yaml device=1) ;;
      predict) cmd=(dev.yolojava.samples.PredictJson $ckpt cuda:1 $img $img $img) ;;
    esac
    bash .dev/app/java.sh "${cmd[@]}" > "$out/placement-$job.log" 2>&1 &
    pid=$!
    : > "$out/placement-$job.csv"
    while kill -0 $pid 2>/dev/null; do
      nvidia-smi --query-compute-apps=pid,gpu_uuid,used_memory --format=csv,noheader >> "$out/placement-$job.csv"
      sleep 0.5
    done
    wait $pid; rc=$?
    gpu0=$(awk -F', ' '$1==0{print $2}' "$out/placement-gpus.csv")
    on0=$(grep -c "$gpu0" "$out/placement-$job.csv")
    record "{\"bench\":\"placement\",\"job\":\"$job\",\"device\":\"cuda:1\",\"samples_with_a_process_on_gpu0\":$on0,\"rc\":$rc}"
  done
fi
