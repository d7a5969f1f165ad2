/**
 * The data loader: worker threads, batching, sharding over ranks, prefetching to the device and rendering
 * augmentation there.
 */
package dev.yolojava.data.loader;
