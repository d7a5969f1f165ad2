"""A YOLO26-seg forward reference for yolo-java (CPU, fp32, TF32 off), from Ultralytics 8.4.90:

    python3 bench/seg26_forward_fixture.py ULTRALYTICS_SRC OUT_DIR

Builds yolo26-seg at depth 0.33 and width 1/8 (the least its attention block allows) ("yolo26-seg-fx", 8 classes) under torch.manual_seed(0), untrained,
saves it as an Ultralytics checkpoint (fp16 weights, as trained checkpoints are saved) and records, on a fixed random
160x160 input, the raw one-to-one head outputs (boxes, scores, mask coefficients), the one-to-many ones and the
prototypes, in eval mode with the fp32 copy of those fp16 weights. Raw outputs need no ranking, so an untrained model
is as good a reference as a trained one.
"""
import os
import re
import sys
from copy import deepcopy
from datetime import datetime

src, out = sys.argv[1:3]
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import numpy as np  # noqa: E402
import torch  # noqa: E402
from ultralytics import __version__  # noqa: E402
from ultralytics.nn.tasks import SegmentationModel  # noqa: E402

torch.backends.cudnn.allow_tf32 = False
with open(os.path.join(src, "ultralytics/cfg/models/26/yolo26-seg.yaml")) as f:
    family = f.read()
yaml = "/tmp/yolo26-seg-fx.yaml"
with open(yaml, "w") as f:
    f.write(re.sub(r"scales:.*?\n\n", "depth_multiple: 0.33\nwidth_multiple: 0.125\n\n", family, flags=re.S))
torch.manual_seed(0)
model = SegmentationModel(yaml, nc=8, verbose=False)
model.names = {i: n for i, n in enumerate(["box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"])}
ckpt = {"date": datetime.now().isoformat(), "version": __version__, "model": deepcopy(model).half(), "ema": None,
        "updates": None, "optimizer": None, "train_args": {"task": "segment", "imgsz": 160}, "train_metrics": {},
        "train_results": {}, "epoch": -1, "best_fitness": None}
os.makedirs(out, exist_ok=True)
torch.save(ckpt, os.path.join(out, "yolo26-seg-fx-init.pt"))
net = torch.load(os.path.join(out, "yolo26-seg-fx-init.pt"), weights_only=False)["model"].float().eval()
g = torch.Generator().manual_seed(1)
x = torch.rand(1, 3, 160, 160, generator=g)
with torch.no_grad():
    (y, proto), preds = net(x)
o2o, o2m = preds["one2one"], preds["one2many"]
np.savez_compressed(os.path.join(out, "yolo26-seg-fx-io.npz"), x=x.numpy(), proto=proto.numpy(),
                    o2o_boxes=o2o["boxes"].numpy(), o2o_scores=o2o["scores"].numpy(),
                    o2o_masks=o2o["mask_coefficient"].numpy(), o2m_boxes=o2m["boxes"].numpy(),
                    o2m_scores=o2m["scores"].numpy(), o2m_masks=o2m["mask_coefficient"].numpy())
print("parameters", sum(p.numel() for p in net.parameters()), "y", tuple(y.shape), "proto", tuple(proto.shape))
