package dev.yolojava.core.cfg;

/** Optimisation and loss hyper-parameters. */
public interface HyperParameters extends ArgsView {
  /** {@code lr0}: initial learning rate (0.01). */
  default double lr0() {
    return doubleArg("lr0");
  }

  /** {@code lrf}: final learning rate as a fraction of lr0 (0.01). */
  default double lrf() {
    return doubleArg("lrf");
  }

  /** {@code momentum}: SGD momentum / Adam beta1 (0.937). */
  default double momentum() {
    return doubleArg("momentum");
  }

  /** {@code weight_decay}: L2 weight decay (0.0005). */
  default double weightDecay() {
    return doubleArg("weight_decay");
  }

  /** {@code warmup_epochs}: warmup length in epochs (3.0). */
  default double warmupEpochs() {
    return doubleArg("warmup_epochs");
  }

  /** {@code warmup_momentum}: momentum at warmup start (0.8). */
  default double warmupMomentum() {
    return doubleArg("warmup_momentum");
  }

  /** {@code warmup_bias_lr}: bias learning rate at warmup start (0.1). */
  default double warmupBiasLr() {
    return doubleArg("warmup_bias_lr");
  }

  /** {@code box}: box loss gain (7.5). */
  default double box() {
    return doubleArg("box");
  }

  /** {@code cls}: classification loss gain (0.5). */
  default double cls() {
    return doubleArg("cls");
  }

  /** {@code cls_pw}: class-weight power, 0 off (0.0). */
  default double clsPw() {
    return doubleArg("cls_pw");
  }

  /** {@code dfl}: distribution focal loss gain (1.5). */
  default double dfl() {
    return doubleArg("dfl");
  }

  /** {@code nbs}: nominal batch size (64). */
  default int nbs() {
    return intArg("nbs");
  }
}
