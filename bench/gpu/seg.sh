#!/usr/bin/env bash
# Tasks issue, segmentation references on the GPU machine (carry .dev/ufx = ultra.tgz, Ultralytics 8.4.90's package):
#   bash bench/gpu/seg.sh [MODEL.yaml ...]      (default yolov8n-seg.yaml)
# Runs bench/gpu/seg_fixtures.py: Ultralytics' 15-epoch reference run and the CPU fp32 parity fixtures, into $OUT/segfx.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out/segfx"
mkdir -p /tmp/ultra && tar xzf .dev/ufx/ultra.tgz -C /tmp/ultra
python3 bench/gpu/seg_fixtures.py /tmp/ultra "$out/segfx" "$@" > "$out/segfx/seg.log" 2>&1
echo "rc=$?"; grep -E '^\{|fixtures written|Error|error' "$out/segfx/seg.log" | tail -8; ls -la "$out/segfx"
