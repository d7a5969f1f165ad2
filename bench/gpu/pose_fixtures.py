"""Ultralytics 8.4.90 pose references (offline), for the tasks issue:

    python3 bench/gpu/pose_fixtures.py ULTRALYTICS_SRC OUT_DIR [MODEL.yaml ...]    (default yolov8n-pose.yaml)

On the GPU machine every MODEL is trained as the reference run of point 2 (15 epochs, batch 128, imgsz 640,
close_mosaic 3, AMP, cache=ram, seed 0) on bench/synth_tasks.py's pose set (4000 / 500 kites, kpt_shape [4, 3]),
recorded in OUT_DIR/pose-train.jsonl (POSE_REF_ONLY=1: only those). POSE_CPU=1 skips those and trains only the fixture model on the CPU (600 train
images at imgsz 320, 12 epochs, batch 16). POSE_FROM=last.pt remakes the fixtures from a trained model.

The parity fixtures, all on the CPU in exact fp32:
- yolov8-pose-fx (yolov8-pose at depth 0.33, width 1/16, 1 class, kpt_shape [4, 3]), trained as above:
  <stem>-synth.pt (last.pt); -io.npz: x_u8 = val_000000.jpg letterboxed to 256 (pad 114, centred, RGB; the input is
  x_u8 / 255) and y0 = the eval output [1, 4 + 1 + 12, 1344]; -pred.json: predict(conf, iou 0.7, imgsz 640) on
  val_00000{0..3}.jpg (copied to OUT_DIR/images): xyxy, conf, cls, keypoints xy and conf in original pixels;
  -val64.json: val on the first 64 val images (conf 0.001, iou 0.7, imgsz 640, batch 16), box and pose metrics;
  -loss.npz / -loss.json: val images 0-3 through Ultralytics' val dataset at 320 and the train-mode loss on them.
- yolo26-pose-fx (yolo26-pose without its C2PSA at depth 0.33, width 1/16, 1 class, kpt_shape [4, 3]), untrained under
  torch.manual_seed(0), saved with fp16 weights: -init.pt; -io.npz: a fixed random 160x160 input, the raw
  one-to-many and one-to-one outputs (boxes, scores, kpts), the one-to-one keypoints decoded to pixels at every anchor
  (o2o_kpts_px) and the eval output [1, 300, 6 + 12]; -loss.json: its
  train-mode end-to-end loss on the same batch as above.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
from copy import deepcopy
from datetime import datetime

src, out = sys.argv[1:3]
cpu = os.environ.get("POSE_CPU") == "1"
reuse = os.environ.get("POSE_FROM")
pred_conf = float(os.environ.get("POSE_CONF", "0.25"))
models = sys.argv[3:] or ["yolov8n-pose.yaml"]
os.makedirs(out, exist_ok=True)
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import numpy as np  # noqa: E402
import torch  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
data_root = "/tmp/synthpose-cpu" if cpu else "/tmp/synthpose"
if not os.path.isdir(data_root):
    sizes = ["--train", "600", "--val", "64"] if cpu else []
    subprocess.run([sys.executable, os.path.join(here, "..", "synth_tasks.py"), data_root, "--task", "pose", *sizes],
                   check=True)
data = os.path.join(data_root, "data.yaml")

from ultralytics import YOLO, __version__  # noqa: E402
from ultralytics.cfg import get_cfg  # noqa: E402
from ultralytics.data import build_yolo_dataset  # noqa: E402
from ultralytics.nn.tasks import PoseModel  # noqa: E402
from ultralytics.utils import DEFAULT_CFG  # noqa: E402

sys.path.insert(0, os.path.join(here, ".."))
from ultra_refs import letterbox_u8, lift_nms_time_limit, metrics_summary, val_subset  # noqa: E402

lift_nms_time_limit()

val_images = sorted(glob.glob(os.path.join(data_root, "images/val/*.jpg")))
val64 = val_subset(data_root, data, val_images)


def metrics(r):
    return metrics_summary(r, ("box", "pose"))


letterbox = letterbox_u8


def scaled_yaml(family_path, name, depth, width):
    with open(os.path.join(src, family_path)) as f:
        family = f.read()
    path = f"/tmp/{name}.yaml"
    with open(path, "w") as f:
        f.write(re.sub(r"scales:.*?\n\n", f"depth_multiple: {depth}\nwidth_multiple: {width}\n\n", family, flags=re.S))
    return path


def loss_batch(names):
    args = get_cfg(DEFAULT_CFG, {"task": "pose", "imgsz": 320, "rect": False})
    ds = build_yolo_dataset(args, os.path.join(val64, "images/val"), 4,
                            {"names": names, "nc": len(names), "kpt_shape": [4, 3], "flip_idx": [0, 3, 2, 1]},
                            mode="val", rect=False)
    return ds.collate_fn([ds[i] for i in range(4)])


def train_loss(net, batch):
    net.args = get_cfg(DEFAULT_CFG)
    net.train()
    with torch.no_grad():
        loss_vec, items = net.loss(batch, net(batch["img"].float() / 255))
    return {"loss_vector": loss_vec.tolist(), "items": items.tolist(), "hyp": "default.yaml",
            "terms": "box pose kobj cls dfl" + (" rle" if len(items) > 5 else "")}


torch.backends.cuda.matmul.allow_tf32 = True  # training as users run it
torch.backends.cudnn.allow_tf32 = True
fx_yaml = scaled_yaml("ultralytics/cfg/models/v8/yolov8-pose.yaml", "yolov8-pose-fx", 0.33, 0.0625)
ref_only = os.environ.get("POSE_REF_ONLY") == "1"  # only the reference runs of point 2, no fixtures
for cfg in ([] if cpu else models) + ([] if ref_only else [fx_yaml]):
    fixtures = cfg == fx_yaml
    stem = os.path.splitext(os.path.basename(cfg))[0]
    run_dir = f"/tmp/poseruns/{stem}"
    last = os.path.join(run_dir, "weights", "last.pt")
    if reuse and fixtures:
        last = reuse
        continue
    shutil.rmtree(run_dir, ignore_errors=True)
    epoch_ends = []
    model = YOLO(cfg, task="pose")
    model.add_callback("on_train_epoch_end", lambda t: epoch_ends.append(time.time()))
    t0 = time.time()
    recipe = dict(epochs=15, batch=128, imgsz=640, close_mosaic=3, amp=True, cache="ram", seed=0, workers=16, device=0)
    if cpu:
        recipe.update(epochs=12, batch=16, imgsz=320, close_mosaic=2, workers=2, device="cpu")
    model.train(data=data, plots=False, val=False, project="/tmp/poseruns", name=stem, exist_ok=True, **recipe)
    wall = time.time() - t0
    final = YOLO(last).val(data=data, imgsz=640, batch=32, device=recipe["device"], plots=False, verbose=False)
    rec = {"bench": "pose_train_ultralytics", "model": cfg, "ultralytics": __version__, "torch": torch.__version__,
           "recipe": " ".join(f"{k}={v}" for k, v in recipe.items()), "data": "bench/synth_tasks.py --task pose",
           "wall_s": round(wall, 1),
           "epoch_s": [round(b - a, 2) for a, b in zip([t0] + epoch_ends[:-1], epoch_ends)],
           "img_per_s_epochs_2_15": None if cpu else round(4000 * 14 / max(1e-9, epoch_ends[-1] - epoch_ends[0]), 1),
           "final_val": metrics(final), "device": "cpu" if cpu else torch.cuda.get_device_name(0),
           "command": f"python3 bench/gpu/pose_fixtures.py ULTRA OUT {cfg}"}
    with open(os.path.join(out, "pose-train.jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(json.dumps(rec), flush=True)

if ref_only:
    sys.exit(0)

# parity fixtures: CPU, exact fp32
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
last = reuse or "/tmp/poseruns/yolov8-pose-fx/weights/last.pt"
name = "yolov8-pose-fx-synth"
shutil.copy(last, os.path.join(out, name + ".pt"))
net = YOLO(last).model.float().eval().cpu()
x_u8 = letterbox(val_images[0], 256)
with torch.no_grad():
    y0 = net(x_u8.float() / 255)[0]
np.savez_compressed(os.path.join(out, name + "-io.npz"), x_u8=x_u8.numpy(), y0=y0.numpy())

preds = {}
os.makedirs(os.path.join(out, "images"), exist_ok=True)
for p in val_images[:4]:
    shutil.copy(p, os.path.join(out, "images"))
y = YOLO(last)
for p, r in zip(val_images[:4], y.predict(val_images[:4], imgsz=640, conf=pred_conf, iou=0.7, device="cpu",
                                          verbose=False)):
    b, k = r.boxes, r.keypoints
    preds[os.path.basename(p)] = {"xyxy": b.xyxy.tolist(), "conf": b.conf.tolist(), "cls": b.cls.tolist(),
                                  "kpts_xy": k.xy.tolist(), "kpts_conf": k.conf.tolist() if k.conf is not None else []}
with open(os.path.join(out, name + "-pred.json"), "w") as f:
    json.dump(preds, f)

v = YOLO(last).val(data=os.path.join(val64, "data.yaml"), imgsz=640, batch=16, conf=0.001, iou=0.7, device="cpu",
                   plots=False, verbose=False)
with open(os.path.join(out, name + "-val64.json"), "w") as f:
    json.dump({"ultralytics": __version__, "metrics": metrics(v)}, f)

batch = loss_batch(y.names)
np.savez_compressed(os.path.join(out, name + "-loss.npz"), img=batch["img"].numpy(),
                    batch_idx=batch["batch_idx"].numpy(), cls=batch["cls"].numpy(), bboxes=batch["bboxes"].numpy(),
                    keypoints=batch["keypoints"].numpy())
with open(os.path.join(out, name + "-loss.json"), "w") as f:
    json.dump(train_loss(YOLO(last).model.float().cpu(), batch), f)

# YOLO26-pose: an untrained model's raw outputs need no ranking, so it is as good a forward reference as a trained one.
# yolo26-pose.yaml without its C2PSA (whose attention needs width >= 1/8, a 2 MB checkpoint) at width 1/16: the same
# Pose26 head (end-to-end, reg_max 1, keypoint spreads, flow model) on a backbone small enough to commit.
y26 = "/tmp/yolo26-pose-fx.yaml"
with open(y26, "w") as f:
    f.write("""nc: 1
end2end: True
reg_max: 1
kpt_shape: [4, 3]
depth_multiple: 0.33
width_multiple: 0.0625
backbone:
  - [-1, 1, Conv, [64, 3, 2]]
  - [-1, 1, Conv, [128, 3, 2]]
  - [-1, 2, C3k2, [256, False, 0.25]]
  - [-1, 1, Conv, [256, 3, 2]]
  - [-1, 2, C3k2, [512, False, 0.25]]
  - [-1, 1, Conv, [512, 3, 2]]
  - [-1, 2, C3k2, [512, True]]
  - [-1, 1, Conv, [1024, 3, 2]]
  - [-1, 2, C3k2, [1024, True]]
  - [-1, 1, SPPF, [1024, 5, 3, True]]
head:
  - [-1, 1, nn.Upsample, [None, 2, "nearest"]]
  - [[-1, 6], 1, Concat, [1]]
  - [-1, 2, C3k2, [512, True]]
  - [-1, 1, nn.Upsample, [None, 2, "nearest"]]
  - [[-1, 4], 1, Concat, [1]]
  - [-1, 2, C3k2, [256, True]]
  - [-1, 1, Conv, [256, 3, 2]]
  - [[-1, 12], 1, Concat, [1]]
  - [-1, 2, C3k2, [512, True]]
  - [-1, 1, Conv, [512, 3, 2]]
  - [[-1, 9], 1, Concat, [1]]
  - [-1, 1, C3k2, [1024, True, 0.5, True]]
  - [[15, 18, 21], 1, Pose26, [nc, kpt_shape]]
""")
torch.manual_seed(0)
model = PoseModel(y26, nc=1, data_kpt_shape=(4, 3), verbose=False)
model.names = {0: "kite"}
model.kpt_shape = [4, 3]
ckpt = {"date": datetime.now().isoformat(), "version": __version__, "model": deepcopy(model).half(), "ema": None,
        "updates": None, "optimizer": None, "train_args": {"task": "pose", "imgsz": 160}, "train_metrics": {},
        "train_results": {}, "epoch": -1, "best_fitness": None}
torch.save(ckpt, os.path.join(out, "yolo26-pose-fx-init.pt"))
net = torch.load(os.path.join(out, "yolo26-pose-fx-init.pt"), weights_only=False)["model"].float().eval()
x = torch.rand(1, 3, 160, 160, generator=torch.Generator().manual_seed(1))
with torch.no_grad():
    y, raw = net(x)
o2o, o2m = raw["one2one"], raw["one2many"]
with torch.no_grad():
    decoded = net.model[-1].kpts_decode(o2o["kpts"])  # every anchor's keypoints in pixels (no ranking involved)
np.savez_compressed(os.path.join(out, "yolo26-pose-fx-io.npz"), x=x.numpy(), y=y.numpy(), o2o_kpts_px=decoded.numpy(),
                    o2o_boxes=o2o["boxes"].numpy(), o2o_scores=o2o["scores"].numpy(), o2o_kpts=o2o["kpts"].numpy(),
                    o2m_boxes=o2m["boxes"].numpy(), o2m_scores=o2m["scores"].numpy(), o2m_kpts=o2m["kpts"].numpy())
with open(os.path.join(out, "yolo26-pose-fx-loss.json"), "w") as f:
    json.dump(train_loss(torch.load(os.path.join(out, "yolo26-pose-fx-init.pt"), weights_only=False)["model"].float(),
                         batch), f)
print("parameters: yolo26-pose-fx", sum(p.numel() for p in net.parameters()))
print(subprocess.run(["ls", "-la", out], capture_output=True, text=True).stdout)
