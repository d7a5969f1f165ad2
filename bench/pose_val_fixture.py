"""Reference data for yolo-java's pose validation, from Ultralytics 8.4.90's own code (CPU, fp32):

    python3 bench/pose_val_fixture.py ULTRALYTICS_SRC CHECKPOINT DATA_DIR OUT_DIR

DATA_DIR is `python3 bench/synth_tasks.py DATA_DIR --task pose --train 0 --val 64` (the val images depend on the seed
and index only: the first four are fixtures/pose/images byte for byte). Writes to OUT_DIR:

- labels/val_00000{0..3}.txt: the four fixture images' keypoint labels (copies), so the tests need no generator.
- pose-val-gt.npz: Ultralytics' val data set of those four images at imgsz 640 (rect, batch 4) through its collate:
  `batch_idx`, `cls`, `bboxes` (normalised xywh) and `keypoints` (n, 4, 3: x, y normalised to the batch's input,
  visibility); `shape` the batch's H, W.
- pose-val-match.npz / .json: fixed, non-trivial predictions made from that ground truth (each object's keypoints
  moved by a few to a few dozen pixels, its box jittered, sometimes the wrong class, some found twice, plus false
  positives anywhere), with some ground-truth keypoints made invisible (v = 0), and what Ultralytics computes from
  them: the OKS (`kpt_iou` with sigma 1/4 and area = box w * h * 0.53 as PoseValidator._process_batch), box IoU,
  match_predictions at ten thresholds for both, PoseMetrics (ap_per_class of both) and its mean results, maps and
  fitness; plus `kpt_iou` on random 17-keypoint sets with OKS_SIGMA (`oks17_*`).
- pose-val4.json: `val` of CHECKPOINT on the four images (conf 0.001, iou 0.7, imgsz 640, batch 4, CPU) with box and
  pose P, R, mAP50, mAP50-95, fitness, and the totals of its tp and tp_p matrices; and, for information (not read by
  the tests), the same on all of DATA_DIR's val images at batch 16 (`val64`: the first 64 with the command above).
NMS runs without its time limit (2 s + 0.05 s per image), which a slow CPU hits at conf 0.001 and which then drops
images.
"""
import json
import os
import shutil
import sys
import tempfile

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
from ultralytics.models.yolo.pose import PoseValidator  # noqa: E402
from ultralytics.utils import DEFAULT_CFG, ops  # noqa: E402
from ultralytics.utils.metrics import OKS_SIGMA, PoseMetrics, box_iou, kpt_iou  # noqa: E402

torch.backends.cudnn.allow_tf32 = False
torch.backends.cuda.matmul.allow_tf32 = False
os.makedirs(os.path.join(out, "labels"), exist_ok=True)
names = {0: "kite"}
data = {"names": names, "nc": 1, "kpt_shape": [4, 3], "flip_idx": [0, 3, 2, 1]}

# the four fixture images in a folder of their own
four = tempfile.mkdtemp(prefix="pose4-")
for sub in ("images/val", "labels/val"):
    os.makedirs(os.path.join(four, sub))
for i in range(4):
    stem = f"val_{i:06d}"
    shutil.copy(os.path.join(data_dir, "images/val", stem + ".jpg"), os.path.join(four, "images/val"))
    shutil.copy(os.path.join(data_dir, "labels/val", stem + ".txt"), os.path.join(four, "labels/val"))
    shutil.copy(os.path.join(data_dir, "labels/val", stem + ".txt"), os.path.join(out, "labels"))

args = get_cfg(DEFAULT_CFG, {"task": "pose", "imgsz": 640})
ds = build_yolo_dataset(args, os.path.join(four, "images/val"), 4, data, mode="val", rect=True, stride=32)
b = ds.collate_fn([ds[i] for i in range(len(ds))])
H, W = b["img"].shape[2:]
np.savez_compressed(os.path.join(out, "pose-val-gt.npz"), shape=np.array([H, W]), batch_idx=b["batch_idx"].numpy(),
                    cls=b["cls"].numpy(), bboxes=b["bboxes"].numpy(), keypoints=b["keypoints"].numpy())

# fixed predictions from the ground truth, matched as PoseValidator does
rng = np.random.default_rng(23)
v = PoseValidator(args={"task": "pose"})
v.iouv = torch.linspace(0.5, 0.95, 10)
v.niou = 10
sigma = np.ones(4) / 4
metrics = PoseMetrics(names=names)
store = {}
for si in range(len(b["im_file"])):
    sel = b["batch_idx"] == si
    gt_cls = b["cls"][sel].squeeze(-1)
    nl = int(gt_cls.shape[0])
    gt_boxes = b["bboxes"][sel].clone()
    xyxy = ops.xywh2xyxy(gt_boxes) * torch.tensor([W, H, W, H], dtype=torch.float32)
    kpts = b["keypoints"][sel].clone()
    kpts[..., 0] *= W
    kpts[..., 1] *= H
    hide = torch.from_numpy(rng.uniform(size=(nl, 4)) < 0.15)  # some ground-truth keypoints invisible
    kpts[..., 2][hide] = 0.0
    pb, pc, pk, pp = [], [], [], []
    for j in range(nl):
        for dup in range(1 + (rng.uniform() < 0.3)):
            scale = float(rng.choice([1.0, 3.0, 8.0, 20.0]))
            k = kpts[j].numpy().copy()
            k[:, :2] += rng.normal(0, scale, (4, 2)).astype(np.float32)
            k[:, 2] = rng.uniform(0, 1, 4).astype(np.float32)  # predicted visibility: not used by OKS
            pp.append(k)
            pb.append(xyxy[j].numpy() + rng.normal(0, 6, 4).astype(np.float32))
            pc.append(float(rng.uniform(0.05, 0.95)) * (0.6 if dup else 1))
            pk.append(0 if rng.uniform() > 0.15 else 1)  # class 1 does not exist: a wrong class
    for _ in range(int(rng.integers(1, 4))):  # false positives
        x0, y0 = rng.uniform(0, W - 60), rng.uniform(0, H - 60)
        x1, y1 = x0 + rng.uniform(10, 60), y0 + rng.uniform(10, 60)
        pb.append(np.array([x0, y0, x1, y1], np.float32))
        k = np.stack([rng.uniform(x0, x1, 4), rng.uniform(y0, y1, 4), rng.uniform(0, 1, 4)], 1)
        pp.append(k.astype(np.float32))
        pc.append(float(rng.uniform(0.01, 0.9)))
        pk.append(0)
    order = np.argsort(-np.array(pc), kind="stable")  # NMS output order: by confidence
    pred_boxes = torch.from_numpy(np.stack(pb)[order].astype(np.float32))
    pred_kpts = torch.from_numpy(np.stack(pp)[order].astype(np.float32))
    conf = torch.tensor(np.array(pc)[order], dtype=torch.float32)
    pred_cls = torch.tensor(np.array(pk)[order], dtype=torch.float32)
    tp = v.match_predictions(pred_cls, gt_cls, box_iou(xyxy, pred_boxes)).cpu().numpy()
    area = ops.xyxy2xywh(xyxy)[:, 2:].prod(1) * 0.53
    oks = kpt_iou(kpts, pred_kpts, sigma=sigma, area=area)
    tp_p = v.match_predictions(pred_cls, gt_cls, oks).cpu().numpy()
    cls_np = gt_cls.numpy()
    metrics.update_stats({"tp": tp, "tp_p": tp_p, "conf": conf.numpy(), "pred_cls": pred_cls.numpy(),
                          "target_cls": cls_np, "target_img": np.unique(cls_np), "im_name": str(si)})
    store[f"gt_boxes_{si}"] = xyxy.numpy()
    store[f"gt_kpts_{si}"] = kpts.numpy()
    store[f"pred_boxes_{si}"] = pred_boxes.numpy()
    store[f"pred_kpts_{si}"] = pred_kpts.numpy()
    store[f"conf_{si}"] = conf.numpy()
    store[f"pred_cls_{si}"] = pred_cls.numpy()
    store[f"area_{si}"] = area.numpy()
    store[f"oks_{si}"] = oks.numpy()
    store[f"tp_{si}"] = tp
    store[f"tp_p_{si}"] = tp_p
metrics.process()
# OKS of 17 keypoints with COCO's sigmas, some invisible
g17 = np.concatenate([rng.uniform(0, 300, (3, 17, 2)), (rng.uniform(size=(3, 17, 1)) > 0.2) * 2.0], -1)
p17 = np.concatenate([g17[[0, 1, 2, 0, 1]][..., :2] + rng.normal(0, 6, (5, 17, 2)), rng.uniform(size=(5, 17, 1))], -1)
a17 = rng.uniform(500, 20000, 3)
g17, p17, a17 = (torch.tensor(x, dtype=torch.float32) for x in (g17, p17, a17))
store.update(oks17_gt=g17.numpy(), oks17_pred=p17.numpy(), oks17_area=a17.numpy(),
             oks17=kpt_iou(g17, p17, sigma=OKS_SIGMA, area=a17).numpy())
np.savez_compressed(os.path.join(out, "pose-val-match.npz"), **store)
write_task_metrics(os.path.join(out, "pose-val-match.json"), metrics, __version__)

# val of the checkpoint, as `yolo pose val` runs it
stats = {}


def keep(validator):  # after each batch: the statistics so far (the metrics clear them at the end)
    s = validator.metrics.stats
    stats.update(n=int(sum(len(x) for x in s["conf"])), tp=int(sum(x.sum() for x in s["tp"])),
                 tp_p=int(sum(x.sum() for x in s["tp_p"])))


lift_nms_time_limit()  # at conf 0.001 a slow CPU exceeds it, dropping images (see ultra_refs.py)


def val(root, batch):
    yaml = os.path.join(root, "pose-val-data.yaml")
    with open(yaml, "w") as f:
        f.write(f"path: {os.path.abspath(root)}\ntrain: images/val\nval: images/val\nkpt_shape: [4, 3]\n"
                f"flip_idx: [0, 3, 2, 1]\nnames: {names}\n")
    model = YOLO(ckpt)
    model.add_callback("on_val_batch_end", keep)
    r = model.val(data=yaml, imgsz=640, batch=batch, conf=0.001, iou=0.7, device="cpu", plots=False, verbose=False,
                  half=False)
    os.remove(yaml)
    return {"box": [float(x) for x in r.box.mean_results()], "pose": [float(x) for x in r.pose.mean_results()],
            "fitness": float(r.fitness), "predictions": stats["n"], "tp_sum": stats["tp"], "tp_p_sum": stats["tp_p"]}


res = {"ultralytics": __version__, "imgsz": 640, "batch": 4, "conf": 0.001, "iou": 0.7, **val(four, 4)}
res["val64"] = {"images": len(os.listdir(os.path.join(data_dir, "images/val"))), "batch": 16, **val(data_dir, 16)}
shutil.rmtree(four)
with open(os.path.join(out, "pose-val4.json"), "w") as f:
    json.dump(res, f, indent=1)
print(open(os.path.join(out, "pose-val4.json")).read())
print(open(os.path.join(out, "pose-val-match.json")).read())
