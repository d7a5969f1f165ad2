package dev.yolojava.core.loss;

import org.bytedeco.pytorch.Tensor;

/**
 * Result of {@link TaskAlignedAssigner#assign}: per anchor, the ground truth it learns from.
 *
 * @param targetLabels {@code (B, A)} int64 class of the assigned object (0 for background anchors)
 * @param targetBboxes {@code (B, A, 4)} xyxy box of the assigned object, in the units of the ground
 *     truth
 * @param targetScores {@code (B, A, nc)} soft one-hot class targets scaled by the normalised
 *     alignment metric
 * @param fgMask {@code (B, A)} bool, true for foreground (assigned) anchors
 * @param targetGtIdx {@code (B, A)} int64 index of the assigned object within its image's padded
 *     rows
 */
public record Assignment(
    Tensor targetLabels,
    Tensor targetBboxes,
    Tensor targetScores,
    Tensor fgMask,
    Tensor targetGtIdx) {}
