package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * An indexed container, standing for Ultralytics' {@code nn.Sequential} / {@code nn.ModuleList}: children are
 * registered as {@code 0}, {@code 1}, ... and {@link #forward} chains them. Children are {@link Block}s or plain
 * {@link Conv2dImpl}s (the last layer of a detection branch).
 */
public final class Sequential extends Block {
  private final List<Module> items = new ArrayList<>();

  /** @param type the Ultralytics class name reported in summaries ({@code Sequential} or {@code ModuleList}) */
  public Sequential(String type) {
    super(type);
  }

  /** Appends a child under the next index. */
  public <M extends Module> M append(M child) {
    checkArgument(
        child instanceof Block || child instanceof Conv2dImpl,
        "Sequential holds Blocks and Conv2d only, got %s",
        child.getClass().getSimpleName());
    items.add(child);
    return add(Integer.toString(items.size() - 1), child);
  }

  /** The i-th child. */
  public Module get(int i) {
    return items.get(i);
  }

  /** Number of children. */
  public int size() {
    return items.size();
  }

  @Override
  public String trace(GraphSink g, String x) {
    String y = x;
    for (Module m : items) {
      y = m instanceof Block b ? b.trace(g, y) : Conv.traceConv2d(g, y, (Conv2dImpl) m);
    }
    return y;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    for (Module m : items) {
      y = m instanceof Block b ? b.forward(y) : ((Conv2dImpl) m).forward(y);
    }
    return y;
  }
}
