package dev.yolojava.data;

import java.util.Locale;

/** Ultralytics' {@code cache} option: keep decoded, resized images in RAM, on disk, or not at all. */
public enum CacheMode {
  NONE,
  RAM,
  DISK;

  /** Parses {@code false/none/""}, {@code true/ram}, {@code disk}. */
  public static CacheMode parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "false", "none", "no" -> NONE;
      case "true", "ram" -> RAM;
      case "disk" -> DISK;
      default -> throw new IllegalArgumentException("cache is '" + s + "', expected ram, disk or false");
    };
  }
}
