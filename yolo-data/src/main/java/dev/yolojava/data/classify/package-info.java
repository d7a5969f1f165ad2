/**
 * Image classification data in Ultralytics' layout (a folder per class under {@code train/} and {@code val/}):
 * scanning in torchvision ImageFolder order, Pillow-exact bilinear resizing, torchvision's eval and training
 * transforms ({@code classify_transforms}, {@code classify_augmentations}) and a deterministic batch loader.
 */
package dev.yolojava.data.classify;
