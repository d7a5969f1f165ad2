/**
 * The built-in synthetic data set (drawn shapes with labels), deterministic per seed.
 */
package dev.yolojava.data.synth;
