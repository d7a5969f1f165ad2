"""Ultralytics 8.4.90 segmentation references, made on the GPU machine (offline), for the tasks issue:

    python3 bench/gpu/seg_fixtures.py ULTRALYTICS_SRC OUT_DIR [MODEL.yaml ...]    (default yolov8n-seg.yaml)

Every MODEL is trained as the reference run of point 2; the parity fixtures come from one more model trained the
same way, yolov8-seg-fx: YOLOv8-seg at width 1/16 (depth 0.33), about 425,000 parameters, so that its checkpoint
stays under the repository's 1 MB limit for binaries.

1. Writes the synthetic segment set (bench/synth_tasks.py, 4000 train / 500 val) to /tmp/synthseg.
2. Trains each model from scratch with the detection parity recipe (15 epochs, batch 128, imgsz 640, close_mosaic 3,
   AMP, cache=ram, seed 0, workers 16) on cuda:0 and records epoch times and the final val on all 500 images
   (box and mask mAP) in OUT_DIR/seg-train.jsonl: the reference for "15 epochs within 0.02 of Ultralytics".
3. From yolov8-seg-fx's last.pt, on the CPU in exact fp32 (TF32 off), the parity fixtures (OUT_DIR/<stem>-synth*):
   - <stem>-synth.pt: the checkpoint
   - <stem>-synth-io.npz: x_u8 = val_000000.jpg letterboxed to 256x256 (pad 114, centred, RGB, uint8; the model's
     input is x_u8 / 255), y0 = the eval output [1, 4 + nc + nm, N], proto = [1, nm, 64, 64]
   - <stem>-synth-pred.json / -pred-masks.npz: predict(conf 0.25 (SEG_CPU: 0.03), iou 0.7, imgsz 640) on val_00000{0..3}.jpg
     (copied to OUT_DIR/images): xyxy, conf, cls, polygons (masks.xy, original pixels); the masks at inference size,
     np.packbits along the last axis, per image
   - <stem>-synth-val64.json: val on the first 64 val images (conf 0.001, iou 0.7, imgsz 640, batch 16): box and
     mask mAP50-95, mAP50, mean P, mean R
   - <stem>-synth-loss.npz / -loss.json: a fixed batch of val images 0-3 (Ultralytics' val dataset at 320, no
     augmentation, overlap masks) and the train-mode fp32 loss on it (loss_vector, items: box seg cls dfl)
   synth-seg-val64.tar: the first 64 val images and labels.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time

src, out = sys.argv[1:3]
smoke = os.environ.get("SEG_SMOKE") == "1"  # a CPU trial of this script: 64/16 images, one short epoch
cpu_fixtures = os.environ.get("SEG_CPU") == "1"  # fixtures without a GPU: the small model only, 600 images at 320
reuse = os.environ.get("SEG_FROM")  # a trained yolov8-seg-fx last.pt: remake the fixtures from it without training
# a barely trained model (the CPU run) has no score near 0.25: its predict reference is made at a lower threshold
pred_conf = 0.03 if cpu_fixtures else 0.25
models = sys.argv[3:] or ["yolov8n-seg.yaml"]
os.makedirs(out, exist_ok=True)
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import numpy as np  # noqa: E402
import torch  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
data_root = "/tmp/synthseg-smoke" if smoke else "/tmp/synthseg-cpu" if cpu_fixtures else "/tmp/synthseg"
if not os.path.isdir(data_root):
    sizes = ["--train", "64", "--val", "64"] if smoke else ["--train", "600", "--val", "64"] if cpu_fixtures else []
    subprocess.run([sys.executable, os.path.join(here, "..", "synth_tasks.py"), data_root, "--task", "segment", *sizes],
                   check=True)
data = os.path.join(data_root, "data.yaml")

from ultralytics import YOLO, __version__  # noqa: E402
from ultralytics.cfg import get_cfg  # noqa: E402
from ultralytics.data import build_yolo_dataset  # noqa: E402
from ultralytics.utils import DEFAULT_CFG  # noqa: E402

sys.path.insert(0, os.path.join(here, ".."))
from ultra_refs import letterbox_u8, lift_nms_time_limit, metrics_summary, val_subset  # noqa: E402

lift_nms_time_limit()

val_images = sorted(glob.glob(os.path.join(data_root, "images/val/*.jpg")))
val64 = val_subset(data_root, data, val_images)
if not os.path.exists(os.path.join(out, "synth-seg-val64.tar")):
    with tarfile.open(os.path.join(out, "synth-seg-val64.tar"), "w") as t:
        t.add(val64, arcname="synth-seg-val64")


def metrics(r):
    return metrics_summary(r, ("box", "seg"))


letterbox = letterbox_u8

import re  # noqa: E402

fx_yaml = "/tmp/yolov8-seg-fx.yaml"
with open(os.path.join(src, "ultralytics/cfg/models/v8/yolov8-seg.yaml")) as f:
    family = f.read()
with open(fx_yaml, "w") as f:
    f.write(re.sub(r"scales:.*?\n\n", "depth_multiple: 0.33\nwidth_multiple: 0.0625\n\n", family, flags=re.S))

ref_only = os.environ.get("SEG_REF_ONLY") == "1"  # only the reference runs of point 2, no fixtures
for cfg in ([] if cpu_fixtures else models) + ([] if ref_only else [fx_yaml]):
    fixtures = cfg == fx_yaml
    stem = os.path.splitext(os.path.basename(cfg))[0]
    name = f"{stem}-synth"
    run_dir = f"/tmp/segruns/{stem}"
    if reuse and fixtures:
        last = reuse
    else:
        last = os.path.join(run_dir, "weights", "last.pt")
        shutil.rmtree(run_dir, ignore_errors=True)
        torch.backends.cuda.matmul.allow_tf32 = True  # training as users run it
        torch.backends.cudnn.allow_tf32 = True
        epoch_ends = []
        model = YOLO(cfg)
        model.add_callback("on_train_epoch_end", lambda t: epoch_ends.append(time.time()))
        t0 = time.time()
        recipe = dict(epochs=15, batch=128, imgsz=640, close_mosaic=3, amp=True, cache="ram", seed=0, workers=16,
                      device=0)
        if smoke:
            recipe.update(epochs=1, batch=8, imgsz=320, cache=False, workers=2, device="cpu")
        if cpu_fixtures:
            recipe.update(epochs=12, batch=16, imgsz=320, close_mosaic=2, cache="ram", workers=2, device="cpu")
        model.train(data=data, plots=False, val=False, project="/tmp/segruns", name=stem, exist_ok=True, **recipe)
        wall = time.time() - t0
        final = YOLO(last).val(data=data, imgsz=640, batch=32, device=recipe["device"], plots=False, verbose=False)
        per_epoch = [round(b - a, 2) for a, b in zip([t0] + epoch_ends[:-1], epoch_ends)]
        gpu = not (smoke or cpu_fixtures)
        rec = {"bench": "seg_train_ultralytics", "model": cfg, "ultralytics": __version__, "torch": torch.__version__,
               "recipe": " ".join(f"{k}={v}" for k, v in recipe.items()),
               "data": "bench/synth_tasks.py --task segment", "wall_s": round(wall, 1), "epoch_s": per_epoch,
               "img_per_s_epochs_2_15": round(4000 * 14 / max(1e-9, epoch_ends[-1] - epoch_ends[0]), 1) if gpu else None,
               "final_val": metrics(final), "device": torch.cuda.get_device_name(0) if gpu else "cpu",
               "command": f"python3 bench/gpu/seg_fixtures.py ULTRA OUT {cfg}"}
        with open(os.path.join(out, "seg-train.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        print(json.dumps(rec), flush=True)
    if not fixtures:
        continue

    # parity fixtures: CPU, exact fp32
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    shutil.copy(last, os.path.join(out, name + ".pt"))
    y = YOLO(last)
    net = y.model.float().eval().cpu()
    x_u8 = letterbox(val_images[0], 256)  # 256 and uint8 keep the file under 1 MB
    x = x_u8.float() / 255
    with torch.no_grad():
        res = net(x)
    (y0, proto) = res[0]
    np.savez_compressed(os.path.join(out, name + "-io.npz"), x_u8=x_u8.numpy(), y0=y0.numpy(), proto=proto.numpy())

    y = YOLO(last)
    preds, packed = {}, {}
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    for p in val_images[:4]:
        shutil.copy(p, os.path.join(out, "images"))
    for p, r in zip(val_images[:4], y.predict(val_images[:4], imgsz=640, conf=pred_conf, iou=0.7, device="cpu", verbose=False)):
        key = os.path.basename(p)
        b = r.boxes
        preds[key] = {"xyxy": b.xyxy.tolist(), "conf": b.conf.tolist(), "cls": b.cls.tolist(),
                      "polygons": [poly.tolist() for poly in r.masks.xy] if r.masks is not None else [],
                      "mask_shape": list(r.masks.data.shape) if r.masks is not None else []}
        if r.masks is not None:
            packed[key.replace(".jpg", "")] = np.packbits(r.masks.data.numpy().astype(bool), axis=-1)
    with open(os.path.join(out, name + "-pred.json"), "w") as f:
        json.dump(preds, f)
    np.savez_compressed(os.path.join(out, name + "-pred-masks.npz"), **packed)

    v = YOLO(last).val(data=os.path.join(val64, "data.yaml"), imgsz=640, batch=16, conf=0.001, iou=0.7,
                       device="cpu", plots=False, verbose=False)
    with open(os.path.join(out, name + "-val64.json"), "w") as f:
        json.dump({"ultralytics": __version__, "metrics": metrics(v)}, f)

    # the loss on a fixed batch: Ultralytics' own val dataset (letterbox 640, no augmentation, overlap masks)
    args = get_cfg(DEFAULT_CFG, {"task": "segment", "imgsz": 320, "rect": False})  # 320 keeps the file small
    ds = build_yolo_dataset(args, os.path.join(val64, "images/val"), 4, {"names": y.names, "nc": len(y.names)},
                            mode="val", rect=False)
    batch = ds.collate_fn([ds[i] for i in range(4)])
    net = YOLO(last).model.float().cpu()
    net.args = get_cfg(DEFAULT_CFG)
    net.train()
    imgs = batch["img"].float() / 255
    with torch.no_grad():
        preds_train = net(imgs)
        loss_vec, items = net.loss(batch, preds_train)
    np.savez_compressed(os.path.join(out, name + "-loss.npz"), img=batch["img"].numpy(),
                        batch_idx=batch["batch_idx"].numpy(), cls=batch["cls"].numpy(),
                        bboxes=batch["bboxes"].numpy(), masks=batch["masks"].numpy())
    with open(os.path.join(out, name + "-loss.json"), "w") as f:
        json.dump({"loss_vector": loss_vec.tolist(), "items": items.tolist(), "terms": "box seg cls dfl semantic",
                   "overlap_mask": True, "hyp": "default.yaml"}, f)
    print("fixtures written for", name, flush=True)
print(subprocess.run(["ls", "-la", out], capture_output=True, text=True).stdout)
