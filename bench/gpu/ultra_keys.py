"""Ultralytics 8.4.90 references for keys yolo-java honours since 2026-12-07 (end2end=False, val classes=, val
rect=False), made on the GPU machine's CPU in fp32 from the fixture checkpoints and the 64-image val subset.

    python3 bench/gpu/ultra_keys.py ULTRALYTICS_SRC FIXTURES_DIR OUT_DIR

writes OUT_DIR/yolo26n-synth-pred-end2end-false.json (predict on val_00000{0..7}.jpg, as the fixtures' *-pred.json)
and OUT_DIR/keys-metrics.json (val metrics), the files yolo-api/src/test/resources/ultralytics/ holds.

ULTRALYTICS_SRC holds the `ultralytics` package (git archive of Yulin-CC/YOLO26, version 8.4.90); FIXTURES_DIR holds
yolo26n-synth.pt, yolov8n-synth.pt and synth-val64.tar (../shared/fixtures). Offline: nothing is downloaded.
"""
import json
import os
import sys
import tarfile

src, fx, out = sys.argv[1:4]
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import torch  # noqa: E402

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
from ultralytics import YOLO, __version__  # noqa: E402

root = "/tmp/val64"
if not os.path.isdir(root):
    with tarfile.open(os.path.join(fx, "synth-val64.tar")) as t:
        t.extractall(root)
base = next(os.path.join(dp) for dp, dn, fn in os.walk(root) if "images" in dn)
names = ["box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"]
yaml = "/tmp/val64.yaml"
with open(yaml, "w") as f:
    f.write(f"path: {base}\ntrain: images/val\nval: images/val\nnames:\n")
    for i, n in enumerate(names):
        f.write(f"  {i}: {n}\n")
images = [os.path.join(base, "images/val", f"val_{i:06d}.jpg") for i in range(8)]


def metrics(r):
    return {"map50_95": round(float(r.box.map), 5), "map50": round(float(r.box.map50), 5),
            "mp": round(float(r.box.mp), 5), "mr": round(float(r.box.mr), 5),
            "per_class_map50_95": [round(float(x), 5) for x in r.box.maps]}


res = {"ultralytics": __version__, "torch": torch.__version__}
m26 = YOLO(os.path.join(fx, "yolo26n-synth.pt"))
pred = {}
results = m26.predict(images, imgsz=640, conf=0.25, iou=0.7, device="cpu", end2end=False, verbose=False)
for path, p in zip(images, results):  # a list source names its results image0.jpg, image1.jpg, ...
    b = p.boxes
    pred[os.path.basename(path)] = {"xyxy": b.xyxy.tolist(), "conf": b.conf.tolist(), "cls": b.cls.tolist()}
with open(os.path.join(out, "yolo26n-synth-pred-end2end-false.json"), "w") as f:
    json.dump(pred, f)
common = dict(data=yaml, imgsz=640, batch=16, conf=0.001, iou=0.7, device="cpu", plots=False, verbose=False)
res["yolo26n-synth:val64:end2end=False"] = metrics(YOLO(os.path.join(fx, "yolo26n-synth.pt")).val(end2end=False, **common))
m8 = os.path.join(fx, "yolov8n-synth.pt")
res["yolov8n-synth:val64:classes=[1]"] = metrics(YOLO(m8).val(classes=[1], **common))
res["yolov8n-synth:val64:rect=False"] = metrics(YOLO(m8).val(rect=False, **common))
with open(os.path.join(out, "keys-metrics.json"), "w") as f:
    json.dump(res, f, indent=1)
print(json.dumps(res, indent=1))
