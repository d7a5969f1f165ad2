#!/usr/bin/env python3
"""Tasks issue, point 3: Ultralytics loads a last.pt that yolo-java trained and predicts what yolo-java predicts.

    bin/yolo pose predict model=RUN/weights/last.pt source=IMAGES imgsz=S conf=C save_txt=True save_conf=True \
        save=False project=/tmp/pp name=j exist_ok=True
    PYTHONPATH=ULTRALYTICS python3 bench/task_roundtrip.py RUN/weights/last.pt IMAGES /tmp/pp/j/labels S C

Ultralytics 8.4.90 predicts every image with the same imgsz and conf, writes its own save_txt rows, and both files of
each image are compared row for row (sorted): the same number of rows and the largest difference of a coordinate
(in pixels) and of the other columns. Prints one JSON line.
"""
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
from ultra_refs import lift_nms_time_limit  # noqa: E402

ckpt, source, java_labels, imgsz, conf = sys.argv[1:6]
os.environ["YOLO_OFFLINE"] = "1"
from ultralytics import YOLO, __version__  # noqa: E402

lift_nms_time_limit()
model = YOLO(ckpt)
out = tempfile.mkdtemp()
rows = images = 0
coord = other = 0.0
mismatched = []
for r in model.predict(source, imgsz=int(imgsz), conf=float(conf),
                       verbose=False, stream=True):
    stem = os.path.splitext(os.path.basename(r.path))[0]
    mine = os.path.join(out, stem + ".txt")
    r.save_txt(mine, save_conf=True)
    theirs = os.path.join(java_labels, stem + ".txt")
    p = np.loadtxt(mine, ndmin=2) if os.path.exists(mine) else np.zeros((0, 0))
    j = np.loadtxt(theirs, ndmin=2) if os.path.exists(theirs) else np.zeros((0, 0))
    images += 1
    if p.shape != j.shape:
        mismatched.append([stem, list(p.shape), list(j.shape)])
        continue
    if not len(p):
        continue
    p = p[np.lexsort(p.T[::-1])]
    j = j[np.lexsort(j.T[::-1])]
    h, w = r.orig_shape
    d = np.abs(p - j)
    xy = np.zeros(p.shape[1], bool)
    xy[1:5] = True
    if model.task == "pose":
        k = model.model.kpt_shape
        for i in range(k[0]):
            xy[5 + i * k[1]:5 + i * k[1] + 2] = True
    scale = np.ones(p.shape[1])
    cols = np.nonzero(xy)[0]
    scale[cols[0::2]] = w
    scale[cols[1::2]] = h
    d = d * scale
    coord = max(coord, float(d[:, xy].max()))
    other = max(other, float(d[:, ~xy].max()))
    rows += len(p)
print(json.dumps({"bench": "task_roundtrip", "task": model.task, "checkpoint": ckpt, "ultralytics": __version__,
                  "imgsz": int(imgsz), "conf": float(conf), "images": images, "rows": rows,
                  "max_coord_diff_px": round(coord, 6), "max_other_diff": round(other, 6),
                  "images_with_other_row_counts": mismatched}))
