#!/usr/bin/env python3
"""Deterministic synthetic data sets for the tasks beyond boxes, drawn from the shapes of ../shared/bench/synth_dataset.py.

    synth_tasks.py OUT --task segment|pose|classify [--train N] [--val N] [--size WxH] [--seed S]

segment: the detection set's eight shapes on the same textured backgrounds, placed so that no two overlap (every
label is then exact: nothing is hidden), each labelled with its outline polygon in Ultralytics' segment format
(`cls x1 y1 x2 y2 ...`, normalised), traced from the shape's own mask. A ring's polygon is its outer edge (a YOLO
polygon has no holes).

pose: one class, "kite": 1 to 8 filled convex quadrilaterals per image (never overlapping), each with its four
vertices as keypoints in Ultralytics' pose format (`0 cx cy w h x1 y1 v1 ... x4 y4 v4`, normalised, v = 2: visible).
Vertex 0 lies on the top edge of the box, 1 on the right, 2 on the bottom, 3 on the left, so the box is exact and a
horizontal flip swaps 1 and 3 (`flip_idx: [0, 3, 2, 1]`). Each kite has a dark dot on vertex 0 so that the top is told
apart from the bottom however squashed the shape.

Writes OUT/images/{train,val}/*.jpg, OUT/labels/{train,val}/*.txt and OUT/data.yaml.

classify: one of the eight shapes per image (image i shows shape i % 8, so the classes are balanced), 40-90% of the
image wide and high at a random place and colour on the same backgrounds, in Ultralytics' folder-per-class layout:
OUT/train/<name>/NNNNN.jpg and OUT/val/<name>/NNNNN.jpg (NNNNN: the image's index in its split), no data.yaml (a
classifier takes the folder). Defaults: --train 800 --val 160 --size 128x128 (the other tasks: 4000, 500, 640x480).
"""
import argparse
import os
from multiprocessing import Pool

import cv2
import numpy as np

NAMES = ["box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"]


def star_points(x0, y0, x1, y1):
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    pts = []
    for k in range(10):
        r = 1.0 if k % 2 == 0 else 0.45
        a = -np.pi / 2 + k * np.pi / 5
        pts.append([cx + r * np.cos(a), cy + r * np.sin(a)])
    pts = np.array(pts)
    pts[:, 0] = np.interp(pts[:, 0], (pts[:, 0].min(), pts[:, 0].max()), (x0, x1))
    pts[:, 1] = np.interp(pts[:, 1], (pts[:, 1].min(), pts[:, 1].max()), (y0, y1))
    return pts.astype(np.int32)


def draw(img, c, x0, y0, x1, y1, color):
    """Draws shape c filling the box (x0, y0)-(x1, y1); the same call on a one-channel mask gives its silhouette."""
    cx, cy, w, h = (x0 + x1) // 2, (y0 + y1) // 2, x1 - x0, y1 - y0
    if c == 0:
        cv2.rectangle(img, (x0, y0), (x1, y1), color, -1)
    elif c == 1:
        cv2.ellipse(img, (cx, cy), (w // 2, h // 2), 0, 0, 360, color, -1)
    elif c == 2:
        cv2.fillPoly(img, [np.array([[x0, y1], [x1, y1], [cx, y0]], np.int32)], color)
    elif c == 3:
        t = max(2, min(w, h) // 4)
        cv2.rectangle(img, (x0, cy - t // 2), (x1, cy + t // 2), color, -1)
        cv2.rectangle(img, (cx - t // 2, y0), (cx + t // 2, y1), color, -1)
    elif c == 4:
        t = max(2, min(w, h) // 6)
        cv2.ellipse(img, (cx, cy), (max(1, w // 2 - t // 2), max(1, h // 2 - t // 2)), 0, 0, 360, color, t)
    elif c == 5:
        cv2.fillPoly(img, [np.array([[cx, y0], [x1, cy], [cx, y1], [x0, cy]], np.int32)], color)
    elif c == 6:
        cv2.rectangle(img, (x0, y0), (x1, y1), color, -1)
        if img.ndim == 3:  # the inner band is part of the bar, only coloured differently
            inv = tuple(255 - v for v in color)
            cv2.rectangle(img, (x0 + w // 4, y0 + h // 4), (x1 - w // 4, y1 - h // 4), inv, -1)
    else:
        cv2.fillPoly(img, [star_points(x0, y0, x1, y1)], color)


def background(rng, W, H):
    base = rng.integers(0, 256, 3)
    gy, gx = np.mgrid[0:H, 0:W]
    img = np.empty((H, W, 3), np.float32)
    for ch in range(3):
        img[..., ch] = base[ch] + 60 * np.sin(gx / rng.uniform(20, 120) + rng.uniform(0, 6)) * np.cos(gy / rng.uniform(20, 120))
    img += rng.normal(0, 18, (H, W, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def place(rng, W, H, taken):
    """A box that overlaps no box in taken (with a 2-pixel gap), or None after 30 tries."""
    for _ in range(30):
        w = int(rng.uniform(0.04, 0.40) * W)
        h = int(rng.uniform(0.04, 0.40) * H)
        x0 = int(rng.integers(0, W - w))
        y0 = int(rng.integers(0, H - h))
        if all(x0 + w + 2 < a or a2 + 2 < x0 or y0 + h + 2 < b or b2 + 2 < y0 for a, b, a2, b2 in taken):
            return x0, y0, x0 + w, y0 + h
    return None


def outline(c, box, W, H):
    mask = np.zeros((H, W), np.uint8)
    draw(mask, c, *box, 255)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    # a few outline points per edge instead of every pixel step of a slanted edge
    poly = cv2.approxPolyDP(max(contours, key=cv2.contourArea), 0.7, True).reshape(-1, 2).astype(np.float64)
    if len(poly) < 3:
        return None
    poly[:, 0] /= W
    poly[:, 1] /= H
    return poly


def kite(rng, box, W, H):
    """Four vertices: on the top, right, bottom and left edges of the box, in that order (pixels)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    u = rng.uniform(0.25, 0.75, 4)
    return np.array([[x0 + u[0] * w, y0], [x1, y0 + u[1] * h], [x0 + u[2] * w, y1], [x0, y0 + u[3] * h]])


def make_pose(rng, img, W, H):
    lines, taken = [], []
    for _ in range(int(rng.integers(1, 9))):
        box = place(rng, W, H, taken)
        color = tuple(int(v) for v in rng.integers(0, 256, 3))
        if box is None:
            continue
        taken.append(box)
        k = kite(rng, box, W, H)
        cv2.fillPoly(img, [np.round(k).astype(np.int32)], color)
        r = max(2, min(box[2] - box[0], box[3] - box[1]) // 12)
        cv2.circle(img, (int(round(k[0, 0])), int(round(k[0, 1])) + r), r, tuple(255 - v for v in color), -1)
        x0, y0, x1, y1 = box
        head = f"0 {(x0 + x1) / 2 / W:.6f} {(y0 + y1) / 2 / H:.6f} {(x1 - x0) / W:.6f} {(y1 - y0) / H:.6f}"
        lines.append(head + "".join(f" {x / W:.6f} {y / H:.6f} 2" for x, y in k))
    return lines


def make(job):
    i, out, split, W, H, seed, task = job
    rng = np.random.default_rng(seed * 1_000_003 + i + (0 if split == "train" else 10_000_000) + 77_000_000)
    img = background(rng, W, H)
    lines, taken = [], []
    if task == "pose":
        lines = make_pose(rng, img, W, H)
    for _ in range(int(rng.integers(1, 9)) if task == "segment" else 0):
        c = int(rng.integers(0, len(NAMES)))
        box = place(rng, W, H, taken)
        color = tuple(int(v) for v in rng.integers(0, 256, 3))
        if box is None:
            continue
        poly = outline(c, box, W, H)
        if poly is None:
            continue
        taken.append(box)
        draw(img, c, *box, color)
        lines.append(f"{c} " + " ".join(f"{x:.6f} {y:.6f}" for x, y in poly))
    name = f"{split}_{i:06d}"
    cv2.imwrite(os.path.join(out, "images", split, name + ".jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    with open(os.path.join(out, "labels", split, name + ".txt"), "w") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))


def make_classify(job):
    i, out, split, W, H, seed = job
    rng = np.random.default_rng(seed * 1_000_003 + i + (0 if split == "train" else 10_000_000) + 88_000_000)
    img = background(rng, W, H)
    c = i % len(NAMES)
    w = int(rng.uniform(0.4, 0.9) * W)
    h = int(rng.uniform(0.4, 0.9) * H)
    x0 = int(rng.integers(0, W - w))
    y0 = int(rng.integers(0, H - h))
    color = tuple(int(v) for v in rng.integers(0, 256, 3))
    draw(img, c, x0, y0, x0 + w, y0 + h, color)
    cv2.imwrite(os.path.join(out, split, NAMES[c], f"{i:05d}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])


def main_classify(a):
    W, H = map(int, (a.size or "128x128").lower().split("x"))
    n_train = 800 if a.train is None else a.train
    n_val = 160 if a.val is None else a.val
    for s in ("train", "val"):
        for n in NAMES:
            os.makedirs(os.path.join(a.out, s, n), exist_ok=True)
    jobs = [(i, a.out, "train", W, H, a.seed) for i in range(n_train)]
    jobs += [(i, a.out, "val", W, H, a.seed) for i in range(n_val)]
    with Pool(a.procs) as pool:
        pool.map(make_classify, jobs, chunksize=16)
    print(f"wrote {n_train} train and {n_val} val classify images to {a.out}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--task", choices=["segment", "pose", "classify"], default="segment")
    p.add_argument("--train", type=int, default=None, help="default 4000 (classify: 800)")
    p.add_argument("--val", type=int, default=None, help="default 500 (classify: 160)")
    p.add_argument("--size", default=None, help="WxH, default 640x480 (classify: 128x128)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--procs", type=int, default=os.cpu_count())
    a = p.parse_args()
    if a.task == "classify":
        return main_classify(a)
    a.train = 4000 if a.train is None else a.train
    a.val = 500 if a.val is None else a.val
    a.size = a.size or "640x480"
    W, H = map(int, a.size.lower().split("x"))
    for s in ("train", "val"):
        os.makedirs(os.path.join(a.out, "images", s), exist_ok=True)
        os.makedirs(os.path.join(a.out, "labels", s), exist_ok=True)
    jobs = [(i, a.out, "train", W, H, a.seed, a.task) for i in range(a.train)]
    jobs += [(i, a.out, "val", W, H, a.seed, a.task) for i in range(a.val)]
    with Pool(a.procs) as pool:
        pool.map(make, jobs, chunksize=16)
    with open(os.path.join(a.out, "data.yaml"), "w") as f:
        f.write(f"path: {os.path.abspath(a.out)}\ntrain: images/train\nval: images/val\n")
        if a.task == "pose":
            f.write("kpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\nnames:\n  0: kite\n")
        else:
            f.write("names:\n" + "".join(f"  {k}: {n}\n" for k, n in enumerate(NAMES)))
    print(f"wrote {a.train} train and {a.val} val {a.task} images to {a.out}")


if __name__ == "__main__":
    main()
