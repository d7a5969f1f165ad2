#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/parity15.sh
# 15 epochs of yolov8n with every default lever (GPU-rendered augmentation, channels-last, flat gradients and EMA)
# against the plain path (OpenCV augmentation in the workers, NCHW), same seed and recipe, then yolo26n with the
# defaults. results.csv of each run goes to $OUT.
set -uo pipefail
R="epochs=15 batch=128 imgsz=640 workers=16 cache=ram seed=0 close_mosaic=3 plots=False val=False"
bash bench/gpu/train.sh v8n15gpu yolov8n.yaml $R | grep -E "epoch (2|8|15)/|Exception|Error"
JAVA_OPTS="-Xmx32g -Djava.awt.headless=true -Dyolo.loader.render=cpu -Dyolo.train.channelsLast=false" \
  bash bench/gpu/train.sh v8n15plain yolov8n.yaml $R | grep -E "epoch (2|8|15)/|Exception|Error"
bash bench/gpu/train.sh y26n15gpu yolo26n.yaml $R | grep -E "epoch (2|8|15)/|Exception|Error"
