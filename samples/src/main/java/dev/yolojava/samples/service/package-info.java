/**
 * A small HTTP detection service over the API: images in, JSON detections out.
 */
package dev.yolojava.samples.service;
