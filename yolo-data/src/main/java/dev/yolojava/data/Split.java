package dev.yolojava.data;

/** A dataset split as named in data.yaml. */
public enum Split {
  TRAIN,
  VAL,
  TEST
}
