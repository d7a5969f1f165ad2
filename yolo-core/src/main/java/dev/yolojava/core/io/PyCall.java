package dev.yolojava.core.io;

/**
 * A value Python rebuilds by calling {@code fn(*args)} when it unpickles ({@code REDUCE}); the writer only needs it
 * for {@code getattr(InterpolationMode, 'BILINEAR')} in a classifier's saved transforms.
 */
record PyCall(PyGlobal fn, PyTuple args) {}
