/**
 * What every module stands on: native-memory scopes and their hand-over ({@link dev.yolojava.runtime.Scopes}),
 * JavaCPP and libtorch process defaults, the terminal progress bar. Knows nothing about models or data.
 */
package dev.yolojava.runtime;
