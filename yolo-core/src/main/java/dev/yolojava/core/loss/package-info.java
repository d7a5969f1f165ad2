/**
 * The detection losses (YOLOv8/11 and YOLO26's end-to-end), the task-aligned assigner and box losses, matching
 * Ultralytics to float precision.
 */
package dev.yolojava.core.loss;
