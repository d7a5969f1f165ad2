#!/usr/bin/env bash
# Runs on the GPU machine after the runtime is staged (see ../shared/device/README.md):
#   bash bench/gpu/foundation.sh          (carry .dev/app and .dev/fx)
# Predict parity on cuda:0 with TF32 off, predict throughput (fp32/fp16, batch 1/32) over the synthetic set's 500
# val JPEGs, and the training loader's throughput with batches delivered to the GPU. JSON lines go to $OUT.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
J="bash .dev/app/java.sh"
export JAVA_OPTS="${JAVA_OPTS:--Xmx24g -Djava.awt.headless=true}"
export YOLO_COMMIT="$(cat .dev/fx/commit 2>/dev/null || echo unknown)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
nproc | tee -a "$out/gpu.txt"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
$J dev.yolojava.samples.bench.PredictParity .dev/fx .dev/fx/images cuda:0 2>&1 | grep -v DEBUG | tee "$out/parity.jsonl"
for m in yolov8n-synth yolo26n-synth; do
  $J dev.yolojava.samples.bench.PredictBench .dev/fx/$m.pt /tmp/synth/images/val cuda:0 1,32 false,true 500 2>&1 \
    | grep '^{' | tee -a "$out/predict.jsonl"
done
for c in none ram; do
  $J dev.yolojava.samples.bench.LoaderBench data=/tmp/synth/data.yaml imgsz=640 batch=128 workers=16 cache=$c \
    batches=30 warmup=4 device=cuda:0 cvthreads=0 2>&1 | grep '^{' | tee -a "$out/loader.jsonl"
done
