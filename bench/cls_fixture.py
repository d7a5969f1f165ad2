"""Reference data for yolo-java's image classification, from Ultralytics 8.4.90's own code (CPU, fp32):

    python3 bench/synth_tasks.py /tmp/cls --task classify
    python3 bench/cls_fixture.py ULTRALYTICS_SRC /tmp/cls fixtures/classify [EPOCHS]

Trains `yolov8-cls-fx` (Ultralytics' yolov8-cls.yaml at depth 0.33 and width 1/16, written here) from scratch for
EPOCHS (default 3) epochs on DATA_DIR at imgsz 64, batch 32, seed 0, deterministic, and writes to OUT_DIR:

- yolov8-cls-fx-synth.pt: its last.pt (stripped by Ultralytics' final step: fp16 weights, with its transforms).
- data/{train,val}/<class>/*.jpg: the first image of each class of train/ and the first three of val/ (copies), a
  data set of its own that the tests validate without the generator.
- io.png: a 128x96 crop of the first val image (lossless; not square, so the resize and centre crop both act);
  cls-io.npz: `x_u8`, io.png through Ultralytics' `classify_transforms(64)` (1x3x64x64, RGB; the input is `x_u8 / 255`); `probs` and
  `logits`, the eval-mode outputs of the unfused fp32 model on `x`; `xb_u8`, the val images of data/ through the same
  transforms, `yb` their labels, `loss`: the train-mode `v8ClassificationLoss` (mean cross-entropy) on them.
- cls-pred.json: `predict(imgsz=64)` on data/val: per image the file, top-5 classes and all class probabilities.
- cls-val.json: `val(imgsz=64, batch=8)` on data/ (top-1, top-5, fitness) and, for information, on DATA_DIR's val.
- cls-train.json: the run's results.csv rows (epoch, train/loss, accuracies, val/loss).
"""
import csv
import json
import os
import shutil
import sys
import tempfile

src, data_dir, out = sys.argv[1:4]
epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from ultralytics import YOLO  # noqa: E402
from ultralytics.data.augment import classify_transforms  # noqa: E402

torch.backends.cudnn.allow_tf32 = False
torch.backends.cuda.matmul.allow_tf32 = False
os.makedirs(out, exist_ok=True)
work = tempfile.mkdtemp(prefix="clsfx-")
yaml_path = os.path.join(work, "yolov8-cls-fx.yaml")
with open(yaml_path, "w") as f:
    f.write("""nc: 8
depth_multiple: 0.33
width_multiple: 0.0625
backbone:
  - [-1, 1, Conv, [64, 3, 2]]
  - [-1, 1, Conv, [128, 3, 2]]
  - [-1, 3, C2f, [128, True]]
  - [-1, 1, Conv, [256, 3, 2]]
  - [-1, 6, C2f, [256, True]]
  - [-1, 1, Conv, [512, 3, 2]]
  - [-1, 6, C2f, [512, True]]
  - [-1, 1, Conv, [1024, 3, 2]]
  - [-1, 3, C2f, [1024, True]]
head:
  - [-1, 1, Classify, [nc]]
""")
model = YOLO(yaml_path)
model.train(data=data_dir, epochs=epochs, imgsz=64, batch=32, workers=0, device="cpu", amp=False, plots=False,
            project=work, name="run", exist_ok=True, seed=0, deterministic=True, verbose=False, optimizer="AdamW",
            lr0=0.003, warmup_epochs=1)
run = os.path.join(work, "run")
ckpt = os.path.join(out, "yolov8-cls-fx-synth.pt")
shutil.copy(os.path.join(run, "weights", "last.pt"), ckpt)
with open(os.path.join(run, "results.csv")) as f:
    rows = [{k.strip(): float(v) for k, v in r.items()} for r in csv.DictReader(f)]
json.dump({"epochs": epochs, "imgsz": 64, "batch": 32, "rows": rows}, open(os.path.join(out, "cls-train.json"), "w"),
          indent=1)

# a small data set of its own
names = sorted(os.listdir(os.path.join(data_dir, "train")))
small = os.path.join(out, "data")
shutil.rmtree(small, ignore_errors=True)
for split, k in (("train", 1), ("val", 3)):
    for c in names:
        os.makedirs(os.path.join(small, split, c))
        for fn in sorted(os.listdir(os.path.join(data_dir, split, c)))[:k]:
            shutil.copy(os.path.join(data_dir, split, c, fn), os.path.join(small, split, c, fn))

net = YOLO(ckpt).model.float().eval()
tf = classify_transforms(64)
first = os.path.join(data_dir, "val", names[0], sorted(os.listdir(os.path.join(data_dir, "val", names[0])))[0])
im = cv2.imread(first)
crop = im[10:106, 0:128] if im.shape[0] >= 106 else im
cv2.imwrite(os.path.join(out, "io.png"), crop)
bgr = cv2.imread(os.path.join(out, "io.png"))
x = tf(Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))).unsqueeze(0)
with torch.no_grad():
    probs, logits = net(x)
files, labels = [], []
for ci, c in enumerate(names):
    for fn in sorted(os.listdir(os.path.join(small, "val", c))):
        files.append(os.path.join(small, "val", c, fn))
        labels.append(ci)
xb = torch.stack([tf(Image.fromarray(cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB))) for p in files])
yb = torch.tensor(labels)
net.train()
with torch.no_grad():
    preds = net(xb)
    loss = torch.nn.functional.cross_entropy(preds, yb, reduction="mean")
net.eval()
def u8(t):  # PIL's resize gives bytes and ToTensor divides by 255: the inputs are exact as uint8
    q = np.rint(t.numpy() * 255).astype(np.uint8)
    assert np.array_equal(q.astype(np.float32) / 255, t.numpy())
    return q


np.savez(os.path.join(out, "cls-io.npz"), x_u8=u8(x), probs=probs.numpy(), logits=logits.numpy(), xb_u8=u8(xb),
         yb=yb.numpy().astype(np.int64), loss=np.array([loss.item()], np.float64))

yolo = YOLO(ckpt)
pred = []
for path in files:  # one call per file: a list source loses the file names
    r = yolo.predict(source=path, imgsz=64, verbose=False)[0]
    pred.append({"file": os.path.relpath(path, small), "top5": [int(i) for i in r.probs.top5],
                 "probs": [float(p) for p in r.probs.data.tolist()]})
json.dump({"imgsz": 64, "names": names, "predictions": pred}, open(os.path.join(out, "cls-pred.json"), "w"), indent=1)

val = {}
for key, d in (("data", small), ("full", data_dir)):
    m = YOLO(ckpt).val(data=d, imgsz=64, batch=8, workers=0, device="cpu", plots=False, verbose=False)
    val[key] = {"top1": m.top1, "top5": m.top5, "fitness": m.fitness}
json.dump(val, open(os.path.join(out, "cls-val.json"), "w"), indent=1)
print(json.dumps(val))
