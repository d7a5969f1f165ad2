#!/usr/bin/env bash
# Issue "deployment inference": TensorRT 10.6 on the H100. Needs the static runtime staged, TensorRT 10.6's natives
# staged into /tmp/ydev/trt-10.6 (.dev/stg/stage-trt.sh), and carry .dev/app with tensorrt-10.6-1.5.11.jar and
# tensorrt-10.6-1.5.11-linux-x86_64.jar in .dev/app/jars (ahead of the runtime's 10.15 jars on the class path),
# .dev/app/yolov8n-synth.pt and .dev/app/yolo26n-synth.pt.   bash bench/gpu/trt.sh
# TrtCheck: fp16 engines with dynamic batch 1-32 for both models, output vs eager, model-only img/s at batch 1 and 32,
# batch-1 latency p50/p99 (eager, eager as a CUDA graph, engine), val mAP50-95 of engine and eager on the first 64
# and on all 500 val images. Then the CLI: val and predict through the engine, and PredictBench end to end over the
# 500 val JPEG paths for engine and eager. Writes $OUT/trt-*.log and $OUT/trt.jsonl.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
export LD_LIBRARY_PATH="/tmp/ydev/trt-10.6${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx24g -Djava.awt.headless=true}"
J="bash $PWD/.dev/app/java.sh"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
if [ ! -d /tmp/synth64 ]; then # the first 64 val images, as the val64 fixture
  mkdir -p /tmp/synth64/images/val /tmp/synth64/labels/val
  for f in $(ls /tmp/synth/images/val | sort | head -64); do
    ln -s /tmp/synth/images/val/$f /tmp/synth64/images/val/$f
    ln -s /tmp/synth/labels/val/${f%.*}.txt /tmp/synth64/labels/val/${f%.*}.txt
  done
  sed -e 's#^path:.*#path: /tmp/synth64#' -e 's#^train:.*#train: images/val#' /tmp/synth/data.yaml > /tmp/synth64/data.yaml
fi
mkdir -p /tmp/trt && cp .dev/app/yolov8n-synth.pt .dev/app/yolo26n-synth.pt /tmp/trt/
$J dev.yolojava.samples.bench.TrtCheck models=/tmp/trt/yolov8n-synth.pt,/tmp/trt/yolo26n-synth.pt device=0 iters=50 \
  data=/tmp/synth64/data.yaml,/tmp/synth/data.yaml > "$out/trt-check.log" 2>&1
echo "trtcheck rc=$?"; grep '^{' "$out/trt-check.log" | tee -a "$out/trt.jsonl"
grep -vE "^\s+at |^\{" "$out/trt-check.log" | grep -iE "error|exception|warn" | head -8
for m in yolov8n-synth yolo26n-synth; do
  $J dev.yolojava.cli.YoloCli val model=/tmp/trt/$m.engine data=/tmp/synth/data.yaml batch=32 device=0 plots=False \
    > "$out/trt-cli-val-$m.log" 2>&1
  echo "cli val $m.engine rc=$?"; grep -E "^\s+all|Speed" "$out/trt-cli-val-$m.log"
  for f in /tmp/trt/$m.engine /tmp/trt/$m.pt; do
    $J dev.yolojava.samples.bench.PredictBench $f /tmp/synth/images/val cuda:0 1,32 true 500 \
      > "$out/trt-predict-$(basename $f).log" 2>&1
    grep '^{' "$out/trt-predict-$(basename $f).log" | tee -a "$out/trt.jsonl"
  done
done
(cd /tmp/trt && $J dev.yolojava.cli.YoloCli predict model=/tmp/trt/yolov8n-synth.engine \
  source=/tmp/synth/images/val/$(ls /tmp/synth/images/val | sort | head -1) save=False > "$out/trt-cli-predict.log" 2>&1)
echo "cli predict rc=$?"; tail -4 "$out/trt-cli-predict.log"
