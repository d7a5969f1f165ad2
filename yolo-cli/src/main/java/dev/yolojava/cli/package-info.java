/**
 * The {@code yolo} command: Ultralytics' CLI syntax ({@code yolo detect train key=value ...}) over the API; one class
 * per mode.
 */
package dev.yolojava.cli;
