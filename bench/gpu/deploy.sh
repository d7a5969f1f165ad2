#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app and .dev/fx): bash bench/gpu/deploy.sh
# Predict pipeline throughput with its stage split (500 synthetic val JPEG paths, batch 1/32, fp32/fp16, both fixture
# models), resident memory over 10,000 predictions, and CUDA out-of-memory through the CLI (train batch 512 at imgsz
# 1280 cannot fit in 80 GB: the exit must be 1 with the batch/imgsz advice, not a crash). JSON lines go to $OUT.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
J="bash .dev/app/java.sh"
export JAVA_OPTS="${JAVA_OPTS:--Xmx24g -Djava.awt.headless=true}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
for m in yolov8n-synth yolo26n-synth; do
  $J dev.yolojava.samples.bench.PredictBench .dev/fx/$m.pt /tmp/synth/images/val cuda:0 1,32 false,true 500 \
    > "$out/predict-$m.log" 2>&1
  grep '^{' "$out/predict-$m.log" | tee -a "$out/predict.jsonl"
  grep -E "Exception|Error" "$out/predict-$m.log" | head -5
done
$J dev.yolojava.samples.bench.PredictSoak .dev/fx/yolov8n-synth.pt /tmp/synth/images/val cuda:0 10000 640 \
  > "$out/soak.log" 2>&1
grep '^{' "$out/soak.log" | tee "$out/soak.jsonl"; grep -E "Exception|Error" "$out/soak.log" | head -5
$J dev.yolojava.cli.YoloCli train model=yolov8n.yaml data=/tmp/synth/data.yaml batch=512 imgsz=1280 epochs=1 \
  device=0 workers=16 plots=False > "$out/oom.out" 2> "$out/oom.err"
echo "{\"bench\":\"cuda_oom_cli\",\"rc\":$?}" | tee "$out/oom.jsonl"
grep -v DEBUG "$out/oom.err" | grep -vE "^\s+at |INFO" | tail -5
