package dev.yolojava.core.cfg;

/**
 * One configuration key: its name (as Ultralytics spells it), the section of {@code default.yaml} it belongs to, its
 * {@link ArgKind}, its Ultralytics 8.4.90 default (null for "unset") and a one-line description.
 */
public record ArgSpec(String key, String section, ArgKind kind, Object defaultValue, String description) {}
