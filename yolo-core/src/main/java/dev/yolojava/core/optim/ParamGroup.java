package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * One optimizer parameter group with the hyper-parameters Ultralytics changes while training: {@code lr} (warmup and
 * the epoch schedule) and {@code momentum} (warmup, for optimizers whose groups have one). {@link #initialLr()} is
 * the lr the group was built with, like the {@code initial_lr} entry PyTorch's {@code LambdaLR} adds.
 *
 * <p>For the Adam family {@code momentum} is {@code beta1} (Ultralytics passes {@code betas=(momentum, 0.999)}).
 */
public final class ParamGroup {
  private final ParamRole role;
  private final List<NamedParam> params;
  private final double initialLr;
  private final double weightDecay;
  private final boolean nesterov;
  private final boolean useMuon;
  private double lr;
  private double momentum;

  /**
   * @param role the Ultralytics role, which decides the warmup start lr ({@link ParamRole#BIAS} starts high)
   * @param params the group's parameters in order
   * @param lr initial learning rate (also {@link #initialLr()})
   * @param momentum SGD/RMSProp/MuSGD momentum, or beta1 for the Adam family
   * @param weightDecay L2 (or decoupled, for AdamW) weight decay
   * @param nesterov Nesterov momentum (SGD, MuSGD)
   * @param useMuon MuSGD: add the orthogonalised Muon update to the SGD one
   */
  public ParamGroup(
      ParamRole role,
      List<NamedParam> params,
      double lr,
      double momentum,
      double weightDecay,
      boolean nesterov,
      boolean useMuon) {
    checkArgument(lr >= 0, "group '%s': lr is %s, expected >= 0", role.groupName(), lr);
    checkArgument(
        momentum >= 0 && momentum < 1, "group '%s': momentum is %s, expected in [0, 1)", role.groupName(), momentum);
    checkArgument(weightDecay >= 0, "group '%s': weight_decay is %s, expected >= 0", role.groupName(), weightDecay);
    this.role = role;
    this.params = List.copyOf(params);
    this.lr = lr;
    this.initialLr = lr;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.useMuon = useMuon;
  }

  public ParamRole role() {
    return role;
  }

  public List<NamedParam> params() {
    return params;
  }

  /** The live parameter tensors. */
  public List<Tensor> tensors() {
    List<Tensor> out = new ArrayList<>(params.size());
    params.forEach(p -> out.add(p.tensor()));
    return out;
  }

  public double lr() {
    return lr;
  }

  public void setLr(double lr) {
    checkArgument(lr >= 0 && Double.isFinite(lr), "group '%s': lr is %s, expected finite >= 0", role.groupName(), lr);
    this.lr = lr;
  }

  public double initialLr() {
    return initialLr;
  }

  public double momentum() {
    return momentum;
  }

  public void setMomentum(double momentum) {
    checkArgument(
        momentum >= 0 && momentum < 1, "group '%s': momentum is %s, expected in [0, 1)", role.groupName(), momentum);
    this.momentum = momentum;
  }

  public double weightDecay() {
    return weightDecay;
  }

  public boolean nesterov() {
    return nesterov;
  }

  public boolean useMuon() {
    return useMuon;
  }

  @Override
  public String toString() {
    return String.format(
        "%s(%d params, lr=%s, momentum=%s, weight_decay=%s%s)",
        role.groupName(), params.size(), lr, momentum, weightDecay, useMuon ? ", muon" : "");
  }
}
