/**
 * The facade, as Ultralytics' {@code YOLO} model object: {@link dev.yolojava.api.Yolo} loads or builds a model and
 * trains, validates, predicts and exports it from Ultralytics-style configs; results are API types ({@code
 * Detections}, {@code ValResults}, {@code TrainResults}). The engine's model is reachable only through {@code
 * Yolo.unwrap()}.
 */
package dev.yolojava.api;
