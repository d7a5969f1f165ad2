#!/usr/bin/env bash
# Tasks issue, point 2, for classification: yolo-java and Ultralytics 8.4.90 side by side in one lease, the same recipe
# (15 epochs from scratch, batch 256, imgsz 128, seed 0, AMP, cache=ram, 16 workers, device 0) on
# bench/synth_tasks.py's classify set (8000 train / 1000 val images of 128x128, eight classes).
#   bash bench/gpu/cls-train.sh [MODEL.yaml]    (default yolov8n-cls.yaml; needs the static runtime, .dev/app and
#                                                .dev/ufx/ultra.tgz, Ultralytics 8.4.90's package)
# Writes $OUT/cls-train-{java,ultra}-<model>.log and one JSON line per library to $OUT/cls-train.jsonl: img/s of
# epochs 2-15 and the final top-1 / top-5 on the 1000 val images.
set -uo pipefail
model="${1:-yolov8n-cls.yaml}"
data=/tmp/synthcls
out="${OUT:-/tmp/out}"; mkdir -p "$out"
[ -d "$data" ] || python3 bench/synth_tasks.py "$data" --task classify --train 8000 --val 1000 > /dev/null
export JAVA_OPTS="${JAVA_OPTS:--Xmx32g -Djava.awt.headless=true}"
stem="${model%.yaml}"
recipe="epochs=15 batch=256 imgsz=128 seed=0 amp=True cache=ram workers=16 device=0"
jlog="$out/cls-train-java-$stem.log"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
bash .dev/app/java.sh dev.yolojava.cli.YoloCli classify train model="$model" data="$data" $recipe plots=False \
  project=/tmp/clsruns-java name="$stem" exist_ok=True > "$jlog" 2>&1
jrc=$?; t1=$(date +%s.%N)
mkdir -p /tmp/ultra && tar xzf .dev/ufx/ultra.tgz -C /tmp/ultra
ulog="$out/cls-train-ultra-$stem.log"
YOLO_OFFLINE=1 python3 - "$model" "$data" > "$ulog" 2>&1 <<'PY'
import sys, time
sys.path.insert(0, "/tmp/ultra")
import torch
torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = True  # both libraries at their defaults
from ultralytics import YOLO
model, data = sys.argv[1:3]
t = time.time()
m = YOLO(model)
m.train(data=data, epochs=15, batch=256, imgsz=128, seed=0, amp=True, cache="ram", workers=16, device=0, plots=False,
        project="/tmp/clsruns-ultra", name=model.replace(".yaml", ""), exist_ok=True)
print("WALL", time.time() - t)
PY
urc=$?; t2=$(date +%s.%N)
python3 - "$jlog" "$ulog" "$model" "$jrc" "$urc" "$t0" "$t1" "$t2" "$out/cls-train.jsonl" "$recipe" <<'PY'
import csv, json, re, subprocess, sys
jlog, ulog, model, jrc, urc, t0, t1, t2, jsonl, recipe = sys.argv[1:]
dev = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                     text=True).stdout.strip()
stem = model.replace(".yaml", "")
text = open(jlog).read()
ips = [float(x) for x in re.findall(r"epoch \d+/\d+: ([0-9.]+) img/s", text)]
fin = re.findall(r"top1 ([0-9.]+), top5 ([0-9.]+)", text)
recs = [{"bench": "cls_train_yolo_java", "model": model, "rc": int(jrc), "wall_s": round(float(t1) - float(t0), 1),
         "img_per_s_per_epoch": ips, "img_per_s_epochs_2_15": round(sum(ips[1:]) / max(1, len(ips[1:])), 1),
         "top1": float(fin[-1][0]) if fin else None, "top5": float(fin[-1][1]) if fin else None}]
rows = list(csv.DictReader(open(f"/tmp/clsruns-ultra/{stem}/results.csv"))) if int(urc) == 0 else []
rows = [{k.strip(): float(v) for k, v in r.items()} for r in rows]
# Ultralytics' results.csv time is cumulative (training and val): img/s from the epoch times, as for its detection runs
secs = [b["time"] - a["time"] for a, b in zip(rows, rows[1:])]
recs.append({"bench": "cls_train_ultralytics", "model": model, "rc": int(urc), "wall_s": round(float(t2) - float(t1), 1),
             "epoch_seconds_2_15": [round(s, 2) for s in secs],
             "top1": rows[-1]["metrics/accuracy_top1"] if rows else None,
             "top5": rows[-1]["metrics/accuracy_top5"] if rows else None})
for r in recs:
    r.update({"recipe": recipe, "data": "bench/synth_tasks.py --task classify --train 8000 --val 1000", "device": dev,
              "command": f"bash bench/gpu/cls-train.sh {model}"})
    open(jsonl, "a").write(json.dumps(r) + "\n")
    print(json.dumps(r))
PY
