package dev.yolojava.core.nn;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' {@code RealNVP} of the YOLO26 pose head ({@code flow_model}): six coupling layers over a keypoint's 2-D
 * residual, each with a scale net {@code s.i} (Linear 2-64, SiLU, Linear 64-64, SiLU, Linear 64-2, Tanh) and a
 * translation net {@code t.i} (the same without the Tanh), and the buffers {@code loc}, {@code cov} (a standard
 * normal prior) and {@code mask} (alternating {@code [0, 1]} / {@code [1, 0]}). It only shapes the training loss
 * (residual log-likelihood); inference never runs it and {@link Pose#fuse()} drops it. Built here so that pose
 * checkpoints load whole and fresh models draw Python's initial weights.
 */
final class RealNvp extends Block {
  private static final int COUPLINGS = 6;

  RealNvp() {
    super("RealNVP");
    register_buffer("loc", torch.zeros(2));
    register_buffer("cov", torch.eye(2));
    float[] alternating = new float[COUPLINGS * 2];
    for (int i = 0; i < COUPLINGS; i++) {
      alternating[2 * i + (i % 2 == 0 ? 1 : 0)] = 1f;
    }
    register_buffer("mask", torch.tensor(alternating).view(COUPLINGS, 2).clone());
    Sequential s = new Sequential("ModuleList");
    for (int i = 0; i < COUPLINGS; i++) {
      s.append(new Mlp(true));
    }
    Sequential t = new Sequential("ModuleList");
    for (int i = 0; i < COUPLINGS; i++) {
      t.append(new Mlp(false));
    }
    add("s", s);
    add("t", t);
    // Ultralytics' init_weights: every Linear weight re-drawn Xavier-uniform with gain 0.01, in module order
    try (NoGradGuard g = new NoGradGuard()) {
      for (Sequential list : new Sequential[] {s, t}) {
        for (int i = 0; i < COUPLINGS; i++) {
          ((Mlp) list.get(i)).xavier(0.01);
        }
      }
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException(
        "RealNVP shapes the YOLO26 pose training loss, which this build of yolo-java does not compute yet");
  }

  /** One coupling net: Linear(2, 64), SiLU, Linear(64, 64), SiLU, Linear(64, 2) and, for a scale net, Tanh. */
  private static final class Mlp extends Block {
    private final LinearImpl[] linears = new LinearImpl[3];
    private final boolean tanh;

    Mlp(boolean tanh) {
      super("Sequential");
      this.tanh = tanh;
      linears[0] = add("0", new LinearImpl(2, 64));
      linears[1] = add("2", new LinearImpl(64, 64));
      linears[2] = add("4", new LinearImpl(64, 2));
    }

    void xavier(double gain) {
      for (LinearImpl l : linears) {
        torch.xavier_uniform_(l.weight(), gain);
      }
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor y = linears[2].forward(torch.silu(linears[1].forward(torch.silu(linears[0].forward(x)))));
      return tanh ? y.tanh() : y;
    }

    @Override
    protected int functionalLeaves() {
      return tanh ? 3 : 2; // the SiLUs (one instance each) and the Tanh
    }
  }
}
