"""Acceptance point 3 for classifiers: Ultralytics 8.4.90 loads yolo-java's checkpoint and predicts what yolo-java
predicted.

    bin/yolo classify predict model=CKPT source=IMAGES save_txt=True project=P name=N
    python3 bench/cls_roundtrip.py ULTRALYTICS_SRC CKPT IMAGES P/N/labels

For every image, Ultralytics' prediction (at the checkpoint's imgsz) is written as save_txt would write it (top five,
`conf name`, two decimals) and compared with yolo-java's file: the same classes in the same order wherever the
probabilities are told apart at two decimals, and every confidence within 0.01. Prints a JSON summary.
"""
import glob
import json
import os
import sys

src, ckpt, images, labels = sys.argv[1:5]
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
from ultralytics import YOLO  # noqa: E402

model = YOLO(ckpt)
files = sorted(f for f in glob.glob(os.path.join(images, "**", "*"), recursive=True)
               if f.lower().endswith((".jpg", ".jpeg", ".png", ".bmp")))
n = same_top1 = worst = 0
order_diffs = []
for f in files:
    r = model.predict(f, verbose=False)[0]
    p = r.probs.data.tolist()
    ours = [line.split(maxsplit=1) for line in open(os.path.join(labels, os.path.splitext(os.path.basename(f))[0]
                                                                 + ".txt")).read().splitlines()]
    theirs = [(f"{p[j]:.2f}", model.names[j]) for j in r.probs.top5]
    n += 1
    same_top1 += ours[0][1] == theirs[0][1]
    for (oc, on), (tc, tn) in zip(ours, theirs):
        worst = max(worst, abs(float(oc) - float(tc)))
        if on != tn and oc != tc:
            order_diffs.append((f, on, tn))
print(json.dumps({"images": n, "same_top1": same_top1, "max_conf_diff": round(worst, 4),
                  "order_differences": len(order_diffs), "examples": order_diffs[:3]}))
sys.exit(0 if not order_diffs and worst <= 0.0100001 else 1)
