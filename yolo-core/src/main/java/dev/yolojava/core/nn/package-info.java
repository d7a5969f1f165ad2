/**
 * The network: layers built from Ultralytics' model YAML ({@code ModelConfig}, {@code ModelBuilder}), the detection
 * heads, state-dict loading and fusing.
 */
package dev.yolojava.core.nn;
