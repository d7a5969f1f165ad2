#!/usr/bin/env bash
# Tasks issue, Ultralytics' references on the GPU machine (carry .dev/ufx = ultra.tgz, Ultralytics 8.4.90's package):
#   bash bench/gpu/tasks.sh segment|pose [MODEL.yaml ...]   (defaults yolov8n-seg.yaml / yolov8n-pose.yaml)
# Runs bench/gpu/seg_fixtures.py or pose_fixtures.py: Ultralytics' 15-epoch reference run of each MODEL on the task's
# synthetic set (its img/s and final val, the figures yolo-java's training is compared with) and the parity fixtures
# from a small model trained the same way, into $OUT/<task>fx. Fixtures made on the CPU come from SEG_CPU=1 / POSE_CPU=1.
set -uo pipefail
task="${1:?usage: tasks.sh segment|pose [MODEL.yaml ...]}"; shift
case "$task" in segment) script=seg_fixtures.py ;; pose) script=pose_fixtures.py ;;
  *) echo "task '$task': expected segment or pose" >&2; exit 2 ;; esac
out="${OUT:-/tmp/out}/${task}fx"; mkdir -p "$out"
mkdir -p /tmp/ultra && tar xzf .dev/ufx/ultra.tgz -C /tmp/ultra
python3 "bench/gpu/$script" /tmp/ultra "$out" "$@" > "$out/$task.log" 2>&1
echo "rc=$?"; grep -E '^\{|fixtures written|parameters|Error|error' "$out/$task.log" | tail -8; ls -la "$out"
