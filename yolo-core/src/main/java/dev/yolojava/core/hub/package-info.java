/**
 * Official Ultralytics weights: names, the weights cache and checked downloads.
 */
package dev.yolojava.core.hub;
