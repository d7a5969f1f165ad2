/**
 * Benchmarks and parity harnesses that measure the engines themselves, so they reach below the API; each prints JSON
 * lines.
 */
package dev.yolojava.samples.bench;
