package dev.yolojava.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Base of the Java-side YOLO building blocks: a libtorch {@link Module} whose children are registered under
 * Ultralytics' attribute names (so {@code named_parameters()} yields Ultralytics {@code state_dict} keys) and
 * whose forward pass is Java code calling those children.
 *
 * <p>Every module created here takes one extra native reference so that a {@code PointerScope} open while a model
 * is built cannot free it: the model owns its modules for its whole life.
 */
public abstract class Block extends Module {
  private final String type;
  private final List<Block> subBlocks = new ArrayList<>();
  private int rawChildren;

  /** @param type the Ultralytics class name, e.g. {@code C2f}; used in summaries */
  protected Block(String type) {
    super(type);
    this.type = type;
    retainReference();
  }

  /** Runs the block on one input. */
  public abstract Tensor forward(Tensor x);

  /** Runs the block on the outputs of several layers; single-input blocks accept exactly one. */
  public Tensor forward(List<Tensor> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(type + " takes 1 input, got " + inputs.size());
    }
    return forward(inputs.get(0));
  }

  /**
   * Records this block's inference computation (eval mode, BatchNorm folded) on {@code g} for export; returns
   * the name of its output.
   */
  public String trace(GraphSink g, String x) {
    throw new UnsupportedOperationException(type + " cannot be exported");
  }

  /** {@link #trace(GraphSink, String)} for blocks with several inputs; single-input blocks accept exactly one. */
  public String trace(GraphSink g, List<String> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(type + " takes 1 input, got " + inputs.size());
    }
    return trace(g, inputs.get(0));
  }

  /** The Ultralytics class name of this block. */
  public String type() {
    return type;
  }

  /** Registers a child under {@code name}, keeping the Java object reachable for forward passes. */
  protected <M extends Module> M add(String name, M child) {
    if (child instanceof Block b) {
      subBlocks.add(b);
    } else {
      child.retainReference();
      rawChildren++;
    }
    return register_module(name, child);
  }

  /** Child blocks in registration order. */
  protected List<Block> subBlocks() {
    return subBlocks;
  }

  /** Makes every BatchNorm below this block normalise over all ranks in training ({@code null}: this rank only). */
  public void syncBatchNorm(BatchNormSync sync) {
    for (Block b : subBlocks) {
      b.syncBatchNorm(sync);
    }
  }

  /** Folds every BatchNorm below this block into its convolution (inference only). */
  public void fuse() {
    for (Block b : subBlocks) {
      b.fuse();
    }
  }

  /**
   * Number of leaf modules Ultralytics' {@code named_modules()} would list for this block (the shared SiLU is
   * counted once by the model, not here).
   */
  public int leafModules() {
    int n = rawChildren + functionalLeaves();
    for (Block b : subBlocks) {
      n += b.leafModules();
    }
    return n == 0 ? 1 : n; // a block without children is itself a leaf (Concat, Upsample)
  }

  /** True if any Conv below uses SiLU (Ultralytics shares one SiLU instance, one leaf module model-wide). */
  public boolean usesSilu() {
    for (Block b : subBlocks) {
      if (b.usesSilu()) {
        return true;
      }
    }
    return false;
  }

  /** Parameter-free child modules Ultralytics has (Identity, MaxPool2d) that this block computes inline. */
  protected int functionalLeaves() {
    return 0;
  }

  /** Removes the child block registered as {@code name} (a branch that {@link #fuse()} drops). */
  protected void removeBlock(String name, Block child) {
    unregister_module(name);
    subBlocks.remove(child);
  }

  /** Forgets a raw child removed with {@code unregister_module} (for leaf counting). */
  protected void dropRawChild() {
    rawChildren--;
  }
}
