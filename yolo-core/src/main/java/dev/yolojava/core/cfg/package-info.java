/**
 * The configuration catalogue: every Ultralytics key with its type, default and mode ({@code YoloArgs}), parsing of
 * command lines and YAML, run directories and image-size checks.
 */
package dev.yolojava.core.cfg;
