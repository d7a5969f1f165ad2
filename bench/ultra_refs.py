"""Helpers shared by the scripts that make Ultralytics reference fixtures (seg_fixtures.py, pose_fixtures.py,
seg_val_fixture.py, pose_val_fixture.py). Import after Ultralytics' source is on sys.path."""
import json
import os
import shutil


def lift_nms_time_limit():
    """Ultralytics' NMS gives up after 2 s + 0.05 s per image and keeps what it has: on a busy CPU at conf 0.001 that
    cuts val short, differently on every run (yolo-java has no such limit). References need every box."""
    from ultralytics.utils import nms
    original = nms.non_max_suppression
    nms.non_max_suppression = lambda *a, **k: original(*a, **{**k, "max_time_img": 1e9})


def letterbox_u8(path, size):
    """The image letterboxed to size x size as Ultralytics' LetterBox (pad 114, centred), RGB uint8 (1, 3, H, W)."""
    import cv2
    import numpy as np
    import torch
    img = cv2.imread(path)
    h, w = img.shape[:2]
    r = min(size / h, size / w)
    nh, nw = round(h * r), round(w * r)
    img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    top, left = (size - nh) // 2, (size - nw) // 2
    canvas = np.full((size, size, 3), 114, np.uint8)
    canvas[top:top + nh, left:left + nw] = img
    return torch.from_numpy(canvas[:, :, ::-1].transpose(2, 0, 1).copy())[None]


def val_subset(data_root, data_yaml, images, n=64):
    """data_root + str(n): the first n val images and labels, with a data.yaml training and validating on them that
    keeps the rest of data_yaml (names, kpt_shape, flip_idx). Made once."""
    subset = data_root + str(n)
    if not os.path.isdir(subset):
        for sub in ("images/val", "labels/val"):
            os.makedirs(os.path.join(subset, sub))
        for p in images[:n]:
            stem = os.path.splitext(os.path.basename(p))[0]
            shutil.copy(p, os.path.join(subset, "images/val"))
            shutil.copy(os.path.join(data_root, "labels/val", stem + ".txt"), os.path.join(subset, "labels/val"))
        with open(os.path.join(subset, "data.yaml"), "w") as f, open(data_yaml) as g:
            f.write(f"path: {subset}\ntrain: images/val\nval: images/val\n")
            f.write("".join(line for line in g if not line.startswith(("path:", "train:", "val:"))))
    return subset


def metrics_summary(results, kinds):
    """mAP50-95, mAP50, mean P and R of each of kinds ("box", "seg", "pose") of a val result, to 5 decimals."""
    return {k: {"map50_95": round(float(getattr(results, k).map), 5), "map50": round(float(getattr(results, k).map50), 5),
                "mp": round(float(getattr(results, k).mp), 5), "mr": round(float(getattr(results, k).mr), 5)}
            for k in kinds}


def write_task_metrics(path, metrics, version):
    """A task metrics object (SegmentMetrics, PoseMetrics) after process(): mean and per-class results, maps, fitness."""
    with open(path, "w") as f:
        json.dump({"ultralytics": version, "mean_results": [float(x) for x in metrics.mean_results()],
                   "keys": metrics.keys, "maps": [float(x) for x in metrics.maps], "fitness": float(metrics.fitness),
                   "ap_class_index": [int(c) for c in metrics.ap_class_index],
                   "class_results": [[float(x) for x in metrics.class_result(i)]
                                     for i in range(len(metrics.ap_class_index))]}, f, indent=1)
