"""Reference masks for yolo-java's MaskOps, from Ultralytics 8.4.90's own functions (CPU, fp32):

    python3 bench/seg_mask_fixture.py ULTRALYTICS_SRC CHECKPOINT IMAGE OUT.npz

Runs CHECKPOINT (a segmentation .pt) on IMAGE letterboxed to 320 (the predictor's rectangle), takes the 6 anchors with
the best class score, whatever their score (a barely trained model works as well as a good one), pairs their mask
coefficients with six fixed boxes (fractional, tiny, whole-image and partly outside ones, which test the cropping
better than an untrained model's boxes), and stores boxes, coefficients, prototypes and the masks that
ops.process_mask (input size) and
ops.process_mask_native (original size) make from them, packed with np.packbits along the last axis.
"""
import os
import sys

src, ckpt, image, out = sys.argv[1:5]
os.environ["YOLO_OFFLINE"] = "1"
sys.path.insert(0, src)
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from ultralytics import YOLO  # noqa: E402
from ultralytics.data.augment import LetterBox  # noqa: E402
from ultralytics.utils import ops  # noqa: E402

torch.backends.cudnn.allow_tf32 = False
model = YOLO(ckpt).model.float().eval()
im0 = cv2.imread(image)
im = LetterBox((320, 320), auto=True, stride=32)(image=im0)
x = torch.from_numpy(im[:, :, ::-1].transpose(2, 0, 1).copy()).float()[None] / 255
with torch.no_grad():
    (y, proto), _ = model(x)
nc = len(model.names)
rows = y[0].T  # (A, 4 + nc + nm)
best = rows[:, 4:4 + nc].amax(1).topk(6).indices
boxes = torch.tensor([[10, 20, 100, 90], [150.5, 30.2, 300.7, 200.9], [0, 0, 320, 256], [200, 100, 210, 250],
                      [50.3, 50.7, 51.1, 52.9], [-5, -5, 40, 40]], dtype=torch.float32)
coef = rows[best, 4 + nc:]
masks = ops.process_mask(proto[0], coef, boxes, x.shape[2:], upsample=True)
native_boxes = ops.scale_boxes(x.shape[2:], boxes.clone(), im0.shape)
native = ops.process_mask_native(proto[0], coef, native_boxes, im0.shape[:2])
np.savez_compressed(out, proto=proto[0].numpy(), coef=coef.numpy(), boxes=boxes.numpy(),
                    native_boxes=native_boxes.numpy(), input_hw=np.array(x.shape[2:]), image_hw=np.array(im0.shape[:2]),
                    masks=np.packbits(masks.numpy().astype(bool), axis=-1),
                    native=np.packbits(native.numpy().astype(bool), axis=-1),
                    mask_pixels=masks.numpy().reshape(len(best), -1).sum(1),
                    native_pixels=native.numpy().reshape(len(best), -1).sum(1))
print("wrote", out, "pixels", masks.numpy().reshape(len(best), -1).sum(1), native.numpy().reshape(len(best), -1).sum(1))
