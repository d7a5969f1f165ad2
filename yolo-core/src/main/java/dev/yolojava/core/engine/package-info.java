/**
 * The engines, one entry per mode: {@link dev.yolojava.core.engine.Training} (which picks single-device, rank threads
 * or a torchrun rank) over {@link dev.yolojava.core.engine.Trainer}; {@link dev.yolojava.core.engine.Validator} and
 * sharded validation; {@link dev.yolojava.core.engine.PredictPipeline}; the model with its names and device ({@link
 * dev.yolojava.core.engine.YoloModel}).
 */
package dev.yolojava.core.engine;
