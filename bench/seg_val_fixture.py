"""Reference data for yolo-java's segmentation validation, from Ultralytics 8.4.90's own code (CPU, fp32):

    python3 bench/seg_val_fixture.py ULTRALYTICS_SRC CHECKPOINT DATA_DIR OUT_DIR

DATA_DIR holds images/val/val_00000{0..3}.jpg and labels/val/*.txt: `python3 bench/synth_tasks.py DATA_DIR --task
segment --train 0 --val 4` remakes them (the val images depend on the seed and index only, so they are the four in
fixtures/segment/images, byte for byte, and the labels those in fixtures/segment/labels). Writes to OUT_DIR:

- seg-val-gt.npz: Ultralytics' val data set at imgsz 640 (rect, batch 4) through its collate: `batch_idx`, `cls`,
  `bboxes` and, for overlap_mask=True / mask_ratio=4 (the defaults), the index map `masks_overlap` (4, H/4, W/4);
  for overlap_mask=False / mask_ratio=2, one mask per object `masks_each` (n, H/2, W/2) with its own `cls_each`,
  `bboxes_each` (unsorted), packed with np.packbits along the last axis; `shape` the batch's H, W.
- seg-val-match.npz / .json: fixed, non-trivial predictions made from the overlap ground truth (each object's mask
  shifted by a few pixels, sometimes eroded, sometimes with the wrong class, some found twice, plus false positives
  of random rectangles) and what Ultralytics computes from them: mask IoU, match_predictions at ten thresholds
  for boxes and masks, SegmentMetrics (ap_per_class of both) and its mean results, maps and fitness.
- seg-val4.json: `val` of CHECKPOINT on the four images (conf 0.001, iou 0.7, imgsz 640, batch 4, CPU) with
  box and mask P, R, mAP50, mAP50-95, fitness, and the totals of its tp and tp_m matrices; the same with
  overlap_mask=False, mask_ratio=2. NMS runs without its time limit (see below).
"""
import json
import os
import sys

src, ckpt, data_dir, out = sys.argv[1:5]
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402
from ultralytics import YOLO, __version__  # noqa: E402
from ultra_refs import lift_nms_time_limit, write_task_metrics  # noqa: E402
from ultralytics.cfg import get_cfg  # noqa: E402
from ultralytics.data import build_yolo_dataset  # noqa: E402
from ultralytics.models.yolo.segment import SegmentationValidator  # noqa: E402
from ultralytics.utils import DEFAULT_CFG  # noqa: E402
from ultralytics.utils.metrics import SegmentMetrics, box_iou, mask_iou  # noqa: E402

torch.backends.cudnn.allow_tf32 = False
torch.backends.cuda.matmul.allow_tf32 = False
os.makedirs(out, exist_ok=True)
names = {i: n for i, n in enumerate(["box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"])}
images = os.path.join(data_dir, "images", "val")


def val_batch(**over):
    args = get_cfg(DEFAULT_CFG, {"task": "segment", "imgsz": 640, **over})
    ds = build_yolo_dataset(args, images, 4, {"names": names, "nc": len(names)}, mode="val", rect=True, stride=32)
    return ds.collate_fn([ds[i] for i in range(len(ds))])


b = val_batch()
e = val_batch(overlap_mask=False, mask_ratio=2)
H, W = b["img"].shape[2:]
np.savez_compressed(os.path.join(out, "seg-val-gt.npz"), shape=np.array([H, W]), batch_idx=b["batch_idx"].numpy(),
                    cls=b["cls"].numpy(), bboxes=b["bboxes"].numpy(), masks_overlap=b["masks"].numpy().astype(np.uint8),
                    batch_idx_each=e["batch_idx"].numpy(), cls_each=e["cls"].numpy(), bboxes_each=e["bboxes"].numpy(),
                    masks_each=np.packbits(e["masks"].numpy().astype(bool), axis=-1))

# fixed predictions from the ground truth, matched as SegmentationValidator does
rng = np.random.default_rng(23)
v = SegmentationValidator(args={"task": "segment"})
v.iouv = torch.linspace(0.5, 0.95, 10)
v.niou = 10
metrics = SegmentMetrics(names=names)
mh, mw = H // 4, W // 4
store = {}
for si in range(len(b["im_file"])):
    sel = b["batch_idx"] == si
    gt_cls = b["cls"][sel].squeeze(-1)
    nl = int(gt_cls.shape[0])
    gt_boxes = b["bboxes"][sel].clone()
    xyxy = torch.cat([gt_boxes[:, :2] - gt_boxes[:, 2:] / 2, gt_boxes[:, :2] + gt_boxes[:, 2:] / 2], 1)
    xyxy *= torch.tensor([W, H, W, H], dtype=torch.float32)
    gt_masks = (b["masks"][si][None] == torch.arange(1, nl + 1).view(nl, 1, 1)).float()
    pm, pb, pc, pk = [], [], [], []
    for j in range(nl):
        for dup in range(1 + (rng.uniform() < 0.3)):
            m = gt_masks[j].numpy()
            dy, dx = rng.integers(-4, 5, 2)
            m = np.roll(np.roll(m, dy, 0), dx, 1)
            if rng.uniform() < 0.3:  # eroded by one pixel
                m = m * np.roll(m, 1, 0) * np.roll(m, -1, 0) * np.roll(m, 1, 1) * np.roll(m, -1, 1)
            box = xyxy[j].numpy() + rng.normal(0, 6, 4).astype(np.float32)
            pm.append(m.astype(np.uint8))
            pb.append(box)
            pc.append(float(rng.uniform(0.05, 0.95)) * (0.6 if dup else 1))
            pk.append(int(gt_cls[j]) if rng.uniform() > 0.15 else int(rng.integers(0, 8)))
    for _ in range(int(rng.integers(1, 4))):  # false positives
        x0, y0 = rng.integers(0, mw - 8), rng.integers(0, mh - 8)
        x1, y1 = x0 + rng.integers(4, 30), y0 + rng.integers(4, 30)
        m = np.zeros((mh, mw), np.uint8)
        m[y0:y1, x0:x1] = 1
        pm.append(m)
        pb.append(np.array([x0 * 4, y0 * 4, x1 * 4, y1 * 4], np.float32))
        pc.append(float(rng.uniform(0.01, 0.9)))
        pk.append(int(rng.integers(0, 8)))
    order = np.argsort(-np.array(pc), kind="stable")  # NMS output order: by confidence
    pred_masks = torch.from_numpy(np.stack(pm)[order])
    pred_boxes = torch.from_numpy(np.stack(pb)[order].astype(np.float32))
    conf = torch.tensor(np.array(pc)[order], dtype=torch.float32)
    pred_cls = torch.tensor(np.array(pk)[order], dtype=torch.float32)
    iou_b = box_iou(xyxy, pred_boxes)
    tp = v.match_predictions(pred_cls, gt_cls, iou_b).cpu().numpy()
    iou_m = mask_iou(gt_masks.flatten(1), pred_masks.flatten(1).float())
    tp_m = v.match_predictions(pred_cls, gt_cls, iou_m).cpu().numpy()
    cls_np = gt_cls.numpy()
    metrics.update_stats({"tp": tp, "tp_m": tp_m, "conf": conf.numpy(), "pred_cls": pred_cls.numpy(),
                          "target_cls": cls_np, "target_img": np.unique(cls_np), "im_name": str(si)})
    store[f"pred_masks_{si}"] = np.packbits(pred_masks.numpy().astype(bool), axis=-1)
    store[f"pred_boxes_{si}"] = pred_boxes.numpy()
    store[f"conf_{si}"] = conf.numpy()
    store[f"pred_cls_{si}"] = pred_cls.numpy()
    store[f"iou_m_{si}"] = iou_m.numpy()
    store[f"tp_{si}"] = tp
    store[f"tp_m_{si}"] = tp_m
metrics.process()
np.savez_compressed(os.path.join(out, "seg-val-match.npz"), **store)
write_task_metrics(os.path.join(out, "seg-val-match.json"), metrics, __version__)

# val of the checkpoint on the four images, as `yolo segment val` runs it
yaml = os.path.join(out, "seg-val4-data.yaml")
with open(yaml, "w") as f:
    f.write(f"path: {os.path.abspath(data_dir)}\ntrain: images/val\nval: images/val\nnames: {names}\n")
stats = {}


def keep(validator):  # after each batch: the statistics so far (the metrics clear them at the end)
    s = validator.metrics.stats
    stats.update(n=int(sum(len(x) for x in s["conf"])), tp=int(sum(x.sum() for x in s["tp"])),
                 tp_m=int(sum(x.sum() for x in s["tp_m"])))


lift_nms_time_limit()  # at conf 0.001 a slow CPU exceeds it, dropping images (see ultra_refs.py)


def val(**over):
    model = YOLO(ckpt)
    model.add_callback("on_val_batch_end", keep)
    r = model.val(data=yaml, imgsz=640, batch=4, conf=0.001, iou=0.7, device="cpu", plots=False, verbose=False,
                  half=False, **over)
    return {"box": [float(x) for x in r.box.mean_results()], "seg": [float(x) for x in r.seg.mean_results()],
            "fitness": float(r.fitness), "predictions": stats["n"], "tp_sum": stats["tp"], "tp_m_sum": stats["tp_m"]}


res = {"ultralytics": __version__, "imgsz": 640, "batch": 4, "conf": 0.001, "iou": 0.7, **val()}
res["overlap_mask=False,mask_ratio=2"] = val(overlap_mask=False, mask_ratio=2)
os.remove(yaml)
with open(os.path.join(out, "seg-val4.json"), "w") as f:
    json.dump(res, f, indent=1)
print(open(os.path.join(out, "seg-val4.json")).read())
print(open(os.path.join(out, "seg-val-match.json")).read())
