#!/usr/bin/env bash
# Tasks issue, point 2 for pose, yolo-java's side: the reference recipe of bench/gpu/pose_fixtures.py (15 epochs from
# scratch, batch 128, imgsz 640, close_mosaic 3, AMP, cache=ram, seed 0, 16 workers) on bench/synth_tasks.py's pose
# set (4000 / 500 kites), through the CLI as a user runs it; then the final val of last.pt. Ultralytics' side, in the
# same lease:  POSE_REF_ONLY=1 bash bench/gpu/tasks.sh pose   (carry .dev/ufx).
#   bash bench/gpu/pose-train.sh [MODEL.yaml]   (default yolov8n-pose.yaml; needs the static runtime and .dev/app)
# Writes $OUT/pose-train-java.log and appends a JSON line to $OUT/pose-train.jsonl.
set -uo pipefail
model="${1:-yolov8n-pose.yaml}"
out="${OUT:-/tmp/out}"; mkdir -p "$out"
[ -d /tmp/synthpose ] || python3 bench/synth_tasks.py /tmp/synthpose --task pose > /dev/null
export JAVA_OPTS="${JAVA_OPTS:--Xmx32g -Djava.awt.headless=true}"
stem="${model%.yaml}"; log="$out/pose-train-java-$stem.log"; rm -rf "/tmp/poseruns-java/$stem"
t0=$(date +%s.%N)
bash .dev/app/java.sh dev.yolojava.cli.YoloCli pose train model="$model" data=/tmp/synthpose/data.yaml epochs=15 \
  batch=128 imgsz=640 close_mosaic=3 amp=True cache=ram seed=0 workers=16 device=0 plots=False val=False \
  project=/tmp/poseruns-java name="$stem" exist_ok=True > "$log" 2>&1
rc=$?; t1=$(date +%s.%N)
grep -E "epoch [0-9]+/|Exception|Error|all " "$log" | tail -20
python3 - "$log" "$model" "$rc" "$t0" "$t1" "$out/pose-train.jsonl" <<'PY'
import json, re, subprocess, sys
log, model, rc, t0, t1, jsonl = sys.argv[1:]
text = open(log).read()
ips = [float(x) for x in re.findall(r"epoch \d+/\d+: ([0-9.]+) img/s", text)]
row = re.findall(r"^\s+all\s+(\d+)\s+(\d+)\s+(.*)$", text, re.M)
vals = [float(v) for v in row[-1][2].split()] if row else []
rec = {"bench": "pose_train_yolo_java", "model": model, "rc": int(rc), "wall_s": round(float(t1) - float(t0), 1),
       "img_per_s_per_epoch": ips, "img_per_s_epochs_2_15": round(sum(ips[1:]) / max(1, len(ips[1:])), 1),
       "final_val": dict(zip(["box_p", "box_r", "box_map50", "box_map", "pose_p", "pose_r", "pose_map50",
                              "pose_map"], vals)),
       "recipe": "epochs=15 batch=128 imgsz=640 close_mosaic=3 amp=True cache=ram seed=0 workers=16 device=0",
       "data": "bench/synth_tasks.py --task pose",
       "device": subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                                text=True).stdout.strip(),
       "command": f"bash bench/gpu/pose-train.sh {model}"}
open(jsonl, "a").write(json.dumps(rec) + "\n")
print(json.dumps(rec))
PY
