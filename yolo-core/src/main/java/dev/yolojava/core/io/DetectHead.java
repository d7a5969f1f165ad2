package dev.yolojava.core.io;

/**
 * The detection head's configuration as stored in a checkpoint (the last module of {@code model.model}).
 *
 * @param className e.g. {@code Detect}
 * @param nc number of classes
 * @param nl number of detection levels
 * @param regMax DFL bins per box side (1 for YOLO26, which has no DFL)
 * @param end2end whether it has one-to-one branches and uses them (Ultralytics' {@code Detect.end2end} property:
 *     {@code _end2end} if set, default true, and {@code one2one_cv2}/{@code one2one_cv3} present)
 * @param maxDet top-k of the end-to-end output ({@code max_det}, class default 300)
 * @param legacy Ultralytics' {@code legacy} flag (v3/v5/v8/v9-style class branch), default false
 */
public record DetectHead(String className, int nc, int nl, int regMax, boolean end2end, int maxDet,
    boolean legacy) {}
