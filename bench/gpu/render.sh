#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/render.sh [loader|train]
# Training loader with augmentation rendered by the CPU workers (OpenCV) against rendered on the GPU (workers only
# decode), then training throughput with the GPU rendering (the default on CUDA). JSON lines and logs go to $OUT.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
J="bash .dev/app/java.sh"
export JAVA_OPTS="${JAVA_OPTS:--Xmx32g -Djava.awt.headless=true}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
what="${1:-loader}"
if [ "$what" = loader ]; then
  for spec in "cpu none 16" "device none 16" "device ram 16" "device none 8"; do
    set -- $spec
    $J dev.yolojava.samples.bench.LoaderBench data=/tmp/synth/data.yaml imgsz=640 batch=128 workers=$3 cache=$2 \
      batches=60 warmup=6 device=cuda:0 render=$1 > "$out/loader-$1-$2-$3.log" 2>&1
    grep '"throughput' "$out/loader-$1-$2-$3.log" | tee -a "$out/loader.jsonl"
    grep -E "Exception|Error" "$out/loader-$1-$2-$3.log" | head -3
  done
else
  for m in yolov8n yolo26n; do
    rm -rf /tmp/runs/$m
    $J dev.yolojava.samples.Train model=$m.yaml data=/tmp/synth/data.yaml epochs=4 batch=128 imgsz=640 device=0 \
      workers=16 plots=true val=false save_dir=/tmp/runs/$m > "$out/train-$m.log" 2>&1
    grep -E "epoch [0-9]+/|img/s|Exception|Error" "$out/train-$m.log" | head -12
    cp /tmp/runs/$m/results.csv "$out/train-$m-results.csv" 2>/dev/null
    cp /tmp/runs/$m/train_batch0.jpg "$out/train-$m-batch0.jpg" 2>/dev/null
  done
fi
