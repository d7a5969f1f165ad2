#!/usr/bin/env python3
"""Tasks issue, point 3: Ultralytics loads a last.pt that yolo-java trained and predicts what yolo-java predicts.

    bin/yolo pose predict model=RUN/weights/last.pt source=IMAGES imgsz=S conf=C save_txt=True save_conf=True \
        save=False project=/tmp/pp name=j exist_ok=True
    PYTHONPATH=ULTRALYTICS python3 bench/task_roundtrip.py RUN/weights/last.pt IMAGES /tmp/pp/j/labels S C

Ultralytics 8.4.90 predicts every image with the same imgsz and conf, writes its own save_txt rows, and both files of
each image are compared row for row (sorted by class and confidence): the same rows and row lengths, and the
largest difference of a coordinate (in pixels: boxes and keypoints, or segment outlines) and of the other columns.
Prints one JSON line.
"""
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
from ultra_refs import lift_nms_time_limit  # noqa: E402

ckpt, source, java_labels, imgsz, conf = sys.argv[1:6]


def rows_of(path):
    """The file's rows (lengths may differ: segment outlines), sorted by class, then confidence, then values."""
    if not os.path.exists(path):
        return []
    rows = [np.array([float(v) for v in line.split()]) for line in open(path) if line.strip()]
    return sorted(rows, key=lambda a: (a[0], a[-1], tuple(a[1:5])))

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
    p = rows_of(mine)
    j = rows_of(theirs)
    images += 1
    if len(p) != len(j) or any(len(a) != len(b) for a, b in zip(p, j)):
        mismatched.append([stem, [len(a) for a in p], [len(b) for b in j]])
        continue
    h, w = r.orig_shape
    for a, b in zip(p, j):
        d = np.abs(a - b)
        xy = np.zeros(len(a), bool)
        if model.task == "pose":
            xy[1:5] = True
            k = model.model.kpt_shape
            for i in range(k[0]):
                xy[5 + i * k[1]:5 + i * k[1] + 2] = True
        else:  # segment: class, the outline's x y pairs, conf
            xy[1:-1] = True
        cols = np.nonzero(xy)[0]
        scale = np.ones(len(a))
        scale[cols[0::2]] = w
        scale[cols[1::2]] = h
        d = d * scale
        coord = max(coord, float(d[xy].max()) if xy.any() else 0.0)
        other = max(other, float(d[~xy].max()))
        rows += 1
print(json.dumps({"bench": "task_roundtrip", "task": model.task, "checkpoint": ckpt, "ultralytics": __version__,
                  "imgsz": int(imgsz), "conf": float(conf), "images": images, "rows": rows,
                  "max_coord_diff_px": round(coord, 6), "max_other_diff": round(other, 6),
                  "images_with_other_row_counts": mismatched}))
