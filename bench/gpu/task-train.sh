#!/usr/bin/env bash
# Tasks issue, point 2, yolo-java's side: the reference recipe of bench/gpu/pose_fixtures.py and seg_fixtures.py (15
# epochs from scratch, batch 128, imgsz 640, close_mosaic 3, AMP, cache=ram, seed 0, 16 workers) on bench/synth_tasks.py's
# set of the task (4000 / 500 images), through the CLI as a user runs it; the CLI's final val of best.pt ends the log.
# Ultralytics' side, in the same lease (carry .dev/ufx):
#   POSE_REF_ONLY=1 bash bench/gpu/tasks.sh pose     SEG_REF_ONLY=1 bash bench/gpu/tasks.sh segment
#   bash bench/gpu/task-train.sh pose|segment [MODEL.yaml]   (default yolov8n-pose.yaml / yolov8n-seg.yaml; needs the
#   static runtime and .dev/app). Writes $OUT/<task>-train-java-<model>.log and a JSON line to $OUT/<task>-train.jsonl.
set -uo pipefail
task="${1:?usage: task-train.sh pose|segment [MODEL.yaml]}"
case "$task" in pose) data=/tmp/synthpose; dflt=yolov8n-pose.yaml ;; segment) data=/tmp/synthseg; dflt=yolov8n-seg.yaml ;;
  *) echo "task '$task': expected pose or segment" >&2; exit 2 ;; esac
model="${2:-$dflt}"
out="${OUT:-/tmp/out}"; mkdir -p "$out"
[ -d "$data" ] || python3 bench/synth_tasks.py "$data" --task "$task" > /dev/null
export JAVA_OPTS="${JAVA_OPTS:--Xmx32g -Djava.awt.headless=true}"
stem="${model%.yaml}"; log="$out/$task-train-java-$stem.log"; rm -rf "/tmp/taskruns-java/$stem"
t0=$(date +%s.%N)
bash .dev/app/java.sh dev.yolojava.cli.YoloCli "$task" train model="$model" data="$data/data.yaml" epochs=15 \
  batch=128 imgsz=640 close_mosaic=3 amp=True cache=ram seed=0 workers=16 device=0 plots=False val=False \
  project=/tmp/taskruns-java name="$stem" exist_ok=True > "$log" 2>&1
rc=$?; t1=$(date +%s.%N)
grep -E "epoch [0-9]+/|Exception|Error|all " "$log" | tail -20
python3 - "$log" "$model" "$rc" "$t0" "$t1" "$out/$task-train.jsonl" "$task" <<'PY'
import json, re, subprocess, sys
log, model, rc, t0, t1, jsonl, task = sys.argv[1:]
part = "pose" if task == "pose" else "mask"
text = open(log).read()
ips = [float(x) for x in re.findall(r"epoch \d+/\d+: ([0-9.]+) img/s", text)]
row = re.findall(r"^\s+all\s+(\d+)\s+(\d+)\s+(.*)$", text, re.M)
vals = [float(v) for v in row[-1][2].split()] if row else []
rec = {"bench": f"{task}_train_yolo_java", "model": model, "rc": int(rc), "wall_s": round(float(t1) - float(t0), 1),
       "img_per_s_per_epoch": ips, "img_per_s_epochs_2_15": round(sum(ips[1:]) / max(1, len(ips[1:])), 1),
       "final_val": dict(zip(["box_p", "box_r", "box_map50", "box_map", part + "_p", part + "_r", part + "_map50",
                              part + "_map"], vals)),
       "recipe": "epochs=15 batch=128 imgsz=640 close_mosaic=3 amp=True cache=ram seed=0 workers=16 device=0",
       "data": f"bench/synth_tasks.py --task {task}",
       "device": subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                                text=True).stdout.strip(),
       "command": f"bash bench/gpu/task-train.sh {task} {model}"}
open(jsonl, "a").write(json.dumps(rec) + "\n")
print(json.dumps(rec))
PY
