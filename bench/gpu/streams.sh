#!/usr/bin/env bash
# Issue "deployment inference" on the GPU machine (runtime staged; carry .dev/app = this commit's jars plus javacv,
# ffmpeg and its linux-x86_64 natives):  bash bench/gpu/streams.sh [STREAMS] [SECONDS] [BATCH] [MODEL]
# STREAMS generated 640x480 H.264 videos of SECONDS at 30 fps, all predicted on at once with Yolo.stream (eager,
# fp16), with nvidia-smi sampling GPU utilisation. Writes $OUT/streams.jsonl and $OUT/streams-smi.csv.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
streams="${1:-16}"; seconds="${2:-30}"; batch="${3:-32}"; model="${4:-yolov8n.yaml}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv,noheader -lms 200 > "$out/streams-smi.csv" &
smi=$!
JAVA_OPTS="-Xmx32g -Djava.awt.headless=true" bash .dev/app/java.sh dev.yolojava.samples.bench.StreamBench \
  "$model" 0 "$streams" "$seconds" "$batch" true /tmp/synth/images/val 2> "$out/streams-err.log" | tee -a "$out/streams.jsonl"
kill $smi
awk -F', ' '{gsub(/ %/,"",$2); if ($2+0 > 0) {s += $2; n++}} END {printf "gpu util over busy samples: %.1f%% (%d samples)\n", s/n, n}' "$out/streams-smi.csv"
tail -5 "$out/streams-err.log"
