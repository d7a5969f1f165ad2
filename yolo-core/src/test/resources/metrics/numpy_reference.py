"""Expected numbers for DetMetricsNumpyCrossCheckTest, computed with NumPy the way Ultralytics 8.4.90 does.

Run: python3 numpy_reference.py   (NumPy only). It rebuilds the synthetic validation set that the Java test builds
with the same LCG, then evaluates it with an independent NumPy implementation of Ultralytics' semantics: float32
box IoU, greedy matching (IoU-descending order, first pair per prediction, then first pair per label), np.argsort on
-conf, 1000-point P/R curves via np.interp, 101-point AP with np.trapezoid over the precision envelope, and P/R at
the argmax of the box-smoothed mean F1. It prints the values pasted into the Java test.
"""

import numpy as np

MASK = (1 << 64) - 1


class Lcg:
    """64-bit LCG (Knuth MMIX constants); next_int(n) = (state >> 33) % n, identical in the Java test."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_int(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 33) % n


def synthetic_images(seed, n_images, n_classes):
    rng = Lcg(seed)
    images = []
    for _ in range(n_images):
        gt_boxes, gt_cls = [], []
        for _ in range(rng.next_int(6)):
            x, y = rng.next_int(500), rng.next_int(400)
            w, h = 20 + rng.next_int(120), 20 + rng.next_int(120)
            gt_boxes.append([x, y, x + w, y + h])
            gt_cls.append(rng.next_int(n_classes))
        pred_boxes, conf, pred_cls = [], [], []
        for b, c in zip(gt_boxes, gt_cls):
            for _ in range(rng.next_int(3)):  # 0-2 detections per object, jittered, sometimes the wrong class
                j = [rng.next_int(21) - 10 for _ in range(4)]
                pred_boxes.append([b[0] + j[0], b[1] + j[1], b[2] + j[2], b[3] + j[3]])
                pred_cls.append(c if rng.next_int(5) else rng.next_int(n_classes))
                conf.append(np.float32(1 + rng.next_int(99991)) / np.float32(99992))
        for _ in range(rng.next_int(4)):  # background false positives
            x, y = rng.next_int(500), rng.next_int(400)
            pred_boxes.append([x, y, x + 10 + rng.next_int(100), y + 10 + rng.next_int(100)])
            pred_cls.append(rng.next_int(n_classes))
            conf.append(np.float32(1 + rng.next_int(99991)) / np.float32(99992))
        images.append((np.array(pred_boxes, np.float32).reshape(-1, 4), np.array(conf, np.float32),
                       np.array(pred_cls, np.int64), np.array(gt_boxes, np.float32).reshape(-1, 4),
                       np.array(gt_cls, np.int64)))
    return images


def iou_f32(a, b):
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, np.float32(0), None)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter + np.float32(1e-7))


THRESHOLDS = np.linspace(0.5, 0.95, 10).astype(np.float32)


def correct_matrix(pred_cls, gt_cls, iou):
    out = np.zeros((len(pred_cls), 10), bool)
    iou = iou * (gt_cls[:, None] == pred_cls[None, :])
    for t, thr in enumerate(THRESHOLDS):
        li, di = np.nonzero(iou >= thr)
        if len(li) > 1:
            vals = iou[li, di]
            for a in range(len(vals)):  # a tie between pairs sharing a label or a prediction has no defined order
                for b in range(a + 1, len(vals)):
                    assert vals[a] != vals[b] or (li[a] != li[b] and di[a] != di[b]), "IoU tie"
            order = np.argsort(vals)[::-1]
            li, di = li[order], di[order]
            _, first = np.unique(di, return_index=True)
            li, di = li[first], di[first]
            _, first = np.unique(li, return_index=True)
            li, di = li[first], di[first]
        out[di, t] = True
    return out


def smooth(y, frac):
    taps = round(len(y) * frac * 2) // 2 + 1
    pad = taps // 2
    padded = np.concatenate((np.full(pad, y[0]), y, np.full(pad, y[-1])))
    return np.convolve(padded, np.ones(taps) / taps, mode="valid")


def average_precision(recall, precision):
    rec = np.concatenate(([0.0], recall, [recall[-1]], [1.0]))
    pre = np.concatenate(([1.0], precision, [0.0], [0.0]))
    pre = np.maximum.accumulate(pre[::-1])[::-1]
    grid = np.linspace(0, 1, 101)
    return np.trapezoid(np.interp(grid, rec, pre), grid)


def metrics(tp, conf, pred_cls, target_cls):
    assert len(np.unique(conf)) == len(conf), "confidence tie: argsort order would be implementation-defined"
    order = np.argsort(-conf)
    tp, conf, pred_cls = tp[order], conf[order], pred_cls[order]
    classes, counts = np.unique(target_cls, return_counts=True)
    grid = np.linspace(0, 1, 1000)
    ap = np.zeros((len(classes), 10))
    p_curve = np.zeros((len(classes), 1000))
    r_curve = np.zeros((len(classes), 1000))
    for k, c in enumerate(classes):
        sel = pred_cls == c
        if not sel.any():
            continue
        hits = tp[sel].cumsum(0)
        misses = (~tp[sel]).astype(np.int64).cumsum(0)
        recall = hits / (counts[k] + 1e-16)
        precision = hits / (hits + misses)
        r_curve[k] = np.interp(-grid, -conf[sel], recall[:, 0], left=0)
        p_curve[k] = np.interp(-grid, -conf[sel], precision[:, 0], left=1)
        ap[k] = [average_precision(recall[:, t], precision[:, t]) for t in range(10)]
    f1 = 2 * p_curve * r_curve / (p_curve + r_curve + 1e-16)
    best = smooth(f1.mean(0), 0.1).argmax()
    p, r = p_curve[:, best], r_curve[:, best]
    return dict(classes=classes, counts=counts, best=best, p=p, r=r, f1=f1[:, best], ap=ap,
                mp=p.mean(), mr=r.mean(), map50=ap[:, 0].mean(), map75=ap[:, 5].mean(), map=ap.mean(),
                ap5095=ap.mean(1))


def main():
    images = synthetic_images(seed=20240611, n_images=40, n_classes=5)
    tps, confs, pcls, tcls = [], [], [], []
    for pb, cf, pc, gb, gc in images:
        if len(pb) and len(gb):
            tps.append(correct_matrix(pc, gc, iou_f32(gb, pb)))
        else:
            tps.append(np.zeros((len(pb), 10), bool))
        confs.append(cf)
        pcls.append(pc)
        tcls.append(gc)
    m = metrics(np.concatenate(tps), np.concatenate(confs), np.concatenate(pcls), np.concatenate(tcls))
    print("predictions", sum(len(c) for c in confs), "labels", sum(len(c) for c in tcls))
    print("tp per threshold", np.concatenate(tps).sum(0).tolist())
    for k in ("classes", "counts", "best"):
        print(k, m[k].tolist() if hasattr(m[k], "tolist") else m[k])
    for k in ("mp", "mr", "map50", "map75", "map"):
        print(k, repr(float(m[k])))
    for k in ("p", "r", "f1", "ap5095"):
        print(k, [repr(float(v)) for v in m[k]])
    print("ap50", [repr(float(v)) for v in m["ap"][:, 0]])


if __name__ == "__main__":
    main()
