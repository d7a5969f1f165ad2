/**
 * Training augmentation as Ultralytics composes it: mosaic, random perspective, HSV, flips, letterbox.
 */
package dev.yolojava.data.augment;
