/**
 * Ultralytics checkpoints: a safe unpickler (allow-listed globals, bounded zip), state dicts, and a writer whose
 * {@code .pt} files Ultralytics loads back.
 */
package dev.yolojava.core.io;
