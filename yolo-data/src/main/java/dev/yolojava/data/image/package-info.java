/**
 * Image decoding (OpenCV, nvJPEG), letterboxing and conversions.
 */
package dev.yolojava.data.image;
