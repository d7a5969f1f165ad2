package dev.yolojava.core.engine;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.HeadOutput;
import dev.yolojava.cuda.Autocast;
import dev.yolojava.cuda.CudaGraph;
import dev.yolojava.cuda.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The model's training forward and its backward, each captured once as a CUDA graph, for a launch-bound step
 * (YOLO26's two heads issue thousands of small kernels per step; on slower host CPUs launching them, not the GPU,
 * set the pace). The loss stays eager, since its shapes follow each batch's boxes: {@link #forward} replays the
 * forward and hands the head outputs to the loss as leaves, and after the loss's backward has filled their
 * gradients, {@link #backward} replays the model's backward, which accumulates into the parameters' gradient
 * buffers as the eager backward does. Same kernels on the same values: the step's numbers do not change.
 *
 * <p>Only for batches of the captured input's shape, strides and dtype ({@link #fits}); others run eagerly. The model's
 * parameters, buffers and gradient tensors must stay where they were at capture (no {@code to()}, no new
 * {@code .grad}).
 */
final class CapturedStep implements AutoCloseable {
  private final CudaGraph.Pool pool;
  private final Tensor input;
  private final DetectOutput outputs; // detached views of the captured outputs
  private final Tensor[] differentiable; // box and score outputs, as in outputs
  private final Tensor[] gradients; // their gradients, read by the backward graph
  private final CudaGraph forward;
  private final CudaGraph backward;
  private Tensor[] leaves;

  private CapturedStep(CudaGraph.Pool pool, Tensor input, DetectOutput outputs, Tensor[] differentiable,
      Tensor[] gradients, CudaGraph forward, CudaGraph backward) {
    this.pool = pool;
    this.input = input;
    this.outputs = outputs;
    this.differentiable = differentiable;
    this.gradients = gradients;
    this.forward = forward;
    this.backward = backward;
  }

  /**
   * Captures {@code net}'s training forward on an input like {@code example} (autocast to fp16 when {@code amp})
   * and the backward from its box and score outputs. Nothing runs: the model and its gradients are unchanged.
   */
  static CapturedStep capture(DetectionModel net, Tensor example, Device device, boolean amp) {
    CudaGraph.Pool pool = new CudaGraph.Pool(device.index());
    List<Tensor> kept = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      Tensor input = torch.empty_like(example);
      input.copy_(example);
      DetectOutput[] out = new DetectOutput[1];
      CudaGraph fwd = pool.capture(() -> {
        try (Autocast ac = Autocast.enter(device, amp, torch.ScalarType.Half)) {
          out[0] = net.forwardRaw(input);
        }
      });
      List<Tensor> heads = heads(out[0]);
      Tensor[] grads = new Tensor[heads.size()];
      for (int k = 0; k < grads.length; k++) {
        grads[k] = torch.zeros_like(heads.get(k));
      }
      CudaGraph bwd = pool.capture(() -> torch.backward(new TensorVector(heads.toArray(new Tensor[0])),
          new TensorVector(grads), new BoolOptional(false), false, new TensorVector()));
      DetectOutput detached = new DetectOutput(detach(out[0].oneToMany()), detach(out[0].oneToOne()));
      List<Tensor> diff = heads(detached);
      kept.add(input);
      kept.addAll(diff);
      kept.addAll(Arrays.asList(grads));
      forEachFeat(detached, kept::add);
      kept.forEach(Tensor::retainReference);
      return new CapturedStep(pool, input, detached, diff.toArray(new Tensor[0]), grads, fwd, bwd);
    } catch (RuntimeException | Error e) {
      kept.forEach(Tensor::releaseReference);
      pool.close();
      throw e;
    }
  }

  /** Whether {@code x} can take the captured input's place. */
  boolean fits(Tensor x) {
    return x.scalar_type().intern() == input.scalar_type().intern()
        && Arrays.equals(x.sizes().vec().get(), input.sizes().vec().get())
        && Arrays.equals(x.strides().vec().get(), input.strides().vec().get())
        && x.device().equals(input.device());
  }

  /**
   * Runs the captured forward on {@code x} and returns its head outputs as fresh leaves that require gradients
   * (feature maps as they are: the loss reads only their shapes). They are overwritten by the next replay.
   */
  DetectOutput forward(Tensor x) {
    input.copy_(x);
    forward.replay();
    leaves = new Tensor[differentiable.length];
    for (int k = 0; k < leaves.length; k++) {
      leaves[k] = differentiable[k].detach().requires_grad_(true);
    }
    int[] next = {0};
    return new DetectOutput(leaf(outputs.oneToMany(), next), leaf(outputs.oneToOne(), next));
  }

  /** After the loss's backward: the model's backward from the gradients the leaves of the last forward received. */
  void backward() {
    for (int k = 0; k < leaves.length; k++) {
      Tensor g = leaves[k].grad();
      if (g.defined()) {
        gradients[k].copy_(g);
      } else {
        gradients[k].zero_();
      }
    }
    leaves = null;
    backward.replay();
  }

  @Override
  public void close() {
    input.releaseReference();
    for (Tensor t : differentiable) {
      t.releaseReference();
    }
    for (Tensor t : gradients) {
      t.releaseReference();
    }
    forEachFeat(outputs, Tensor::releaseReference);
    pool.close();
  }

  private HeadOutput leaf(HeadOutput h, int[] next) {
    if (h == null) {
      return null;
    }
    Tensor boxes = leaves[next[0]++];
    Tensor scores = leaves[next[0]++];
    return new HeadOutput(boxes, scores, h.feats());
  }

  private static List<Tensor> heads(DetectOutput o) {
    List<Tensor> t = new ArrayList<>(4);
    for (HeadOutput h : new HeadOutput[] {o.oneToMany(), o.oneToOne()}) {
      if (h != null) {
        t.add(h.boxes());
        t.add(h.scores());
      }
    }
    return t;
  }

  private static HeadOutput detach(HeadOutput h) {
    if (h == null) {
      return null;
    }
    List<Tensor> feats = new ArrayList<>();
    for (Tensor f : h.feats()) {
      feats.add(f.detach());
    }
    return new HeadOutput(h.boxes().detach(), h.scores().detach(), feats);
  }

  private static void forEachFeat(DetectOutput o, java.util.function.Consumer<Tensor> c) {
    for (HeadOutput h : new HeadOutput[] {o.oneToMany(), o.oneToOne()}) {
      if (h != null) {
        h.feats().forEach(c);
      }
    }
  }
}
