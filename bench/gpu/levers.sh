#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/levers.sh [epochs]
# Training levers of the fast path measured on/off with yolov8n, batch 128, imgsz 640, AMP, synthetic set; then the
# full run with the defaults (fast path on) whose mAP50-95 is compared with the plain path's recorded figure.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
run() { # name, JAVA_OPTS extra, epochs, model
  JAVA_OPTS="-Xmx32g -Djava.awt.headless=true $2" bash .dev/app/java.sh dev.yolojava.samples.Train model="$4" \
    data=/tmp/synth/data.yaml save_dir="/tmp/runs/$1" epochs="$3" batch=128 imgsz=640 device=0 workers=16 \
    exist_ok=true plots=false val=false > "$out/$1.log" 2>&1
  echo "{\"lever_run\":\"$1\",\"opts\":\"$2\",\"epochs\":$3,\"model\":\"$4\"}"
  grep -E "epoch [0-9]+/|trained|Exception" "$out/$1.log" | head -20
}
for lv in "plain|-Dyolo.train.channelsLast=false -Dyolo.train.cudnnBenchmark=false" \
          "cudnn_only|-Dyolo.train.channelsLast=false -Dyolo.train.cudnnBenchmark=true" "channels_last_only|" \
          "both|-Dyolo.train.cudnnBenchmark=true"; do
  run "lv-${lv%%|*}" "${lv#*|}" "${1:-3}" yolov8n.yaml
done
