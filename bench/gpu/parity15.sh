#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/parity15.sh
# 15 epochs of yolov8n with every default lever (GPU-rendered augmentation, channels-last, flat optimizer, gradients
# and EMA, CUDA graphs) against the plain path (OpenCV augmentation in the workers, NCHW, libtorch's optimizer, eager), same seed and
# recipe, then yolo26n with the defaults. results.csv and the log of each run, and nvidia-smi samples (every 0.5 s)
# of the two default runs, go to $OUT.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
R="epochs=15 batch=128 imgsz=640 workers=16 cache=ram seed=0 close_mosaic=3 plots=False val=False"
sampled() { # util file, then the train.sh arguments
  nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv,noheader,nounits -lms 500 > "$out/$1" &
  local sp=$!
  shift
  bash bench/gpu/train.sh "$@" | grep -E "epoch (2|8|15)/|Exception|Error"
  kill $sp
}
sampled util-v8n15.csv v8n15gpu yolov8n.yaml $R
JAVA_OPTS="-Xmx32g -Djava.awt.headless=true -Dyolo.loader.render=cpu -Dyolo.train.channelsLast=false \
  -Dyolo.train.flatOptimizer=false -Dyolo.train.cudaGraphs=false" bash bench/gpu/train.sh v8n15plain yolov8n.yaml $R | grep -E "epoch (2|8|15)/|Exception|Error"
sampled util-y26n15.csv y26n15gpu yolo26n.yaml $R
