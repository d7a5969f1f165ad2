package dev.yolojava.core.optim;

/** Ultralytics' parameter-group roles ({@code param_group} entries of {@code build_optimizer}). */
public enum ParamRole {
  /** g0: conv/linear weights, with weight decay. */
  WEIGHT("weight"),
  /** g1: normalisation-layer weights (and {@code logit_scale}), no decay. */
  NORM("bn"),
  /** g2: biases, no decay; warmup starts their lr at {@code warmup_bias_lr}. */
  BIAS("bias"),
  /** g3 (MuSGD only): every parameter with two or more dimensions, with decay. */
  MUON("muon");

  private final String groupName;

  ParamRole(String groupName) {
    this.groupName = groupName;
  }

  /** Ultralytics' {@code param_group} string. */
  public String groupName() {
    return groupName;
  }
}
