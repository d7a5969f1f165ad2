/**
 * Optimizers (SGD, Adam(W), MuSGD, ...), parameter groups, learning-rate schedule, warmup, gradient clipping and
 * scaling, EMA: Ultralytics' training arithmetic.
 */
package dev.yolojava.core.optim;
