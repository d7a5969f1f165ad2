#!/usr/bin/env bash
# Issue "deployment inference": TensorRT 10.6 on the H100. Needs the static runtime staged, TensorRT 10.6's natives
# staged into /tmp/ydev/trt-10.6 (.dev/stg/stage-trt.sh), and carry .dev/app with tensorrt-10.6-1.5.11.jar and
# tensorrt-10.6-1.5.11-linux-x86_64.jar in .dev/app/jars (ahead of the runtime's 10.15 jars on the class path) and
# .dev/app/yolov8n-synth.pt.   bash bench/gpu/trt.sh
# Exports fp16 dynamic-batch (1-32) engines, validates engine and eager on the 500 val images, and runs PredictBench
# on both (batch 1 and 32). Writes $OUT/trt-*.log and $OUT/trt.jsonl.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
export LD_LIBRARY_PATH="/tmp/ydev/trt-10.6${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx24g -Djava.awt.headless=true}"
J="bash .dev/app/java.sh"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
mkdir -p /tmp/trt && cp .dev/app/yolov8n-synth.pt /tmp/trt/
$J dev.yolojava.cli.YoloCli export model=/tmp/trt/yolov8n-synth.pt format=engine half=True dynamic=True batch=32 \
  device=0 > "$out/trt-export.log" 2>&1
echo "export rc=$?"; grep -vE "^\s+at " "$out/trt-export.log" | tail -8
for m in /tmp/trt/yolov8n-synth.engine /tmp/trt/yolov8n-synth.pt; do
  $J dev.yolojava.cli.YoloCli val model=$m data=/tmp/synth/data.yaml batch=32 device=0 half=True plots=False \
    > "$out/trt-val-$(basename $m).log" 2>&1
  echo "val $m rc=$?"; grep -E "^\s+all|Speed" "$out/trt-val-$(basename $m).log"
  $J dev.yolojava.samples.bench.PredictBench $m /tmp/synth/images/val cuda:0 1,32 true 500 \
    > "$out/trt-predict-$(basename $m).log" 2>&1
  grep '^{' "$out/trt-predict-$(basename $m).log" | tee -a "$out/trt.jsonl"
done
