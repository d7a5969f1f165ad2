package dev.yolojava.core.export.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.yolojava.core.export.ExportedBackend;
import dev.yolojava.core.export.ExportedModelInfo;
import dev.yolojava.cuda.Device;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Runs an exported ONNX detection model with ONNX Runtime on the CPU. Class names, stride, input size and the
 * end-to-end flag come from the Ultralytics-style metadata; a model whose input has fixed H and W reports them as
 * {@link #fixedImgsz()}.
 */
public final class OnnxRuntimeBackend implements ExportedBackend, AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final ExportedModelInfo info;
  private final Map<String, String> metadata;
  private final int fixedBatch; // 0: dynamic
  private final int[] kptShape; // a pose export's [keypoints, dims], else null
  private final boolean segment; // a segmentation export: output1 holds the prototypes

  private OnnxRuntimeBackend(Path file) throws OrtException {
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(file.toString(), new OrtSession.SessionOptions());
    metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    String task = metadata.getOrDefault("task", "detect").trim();
    if (!task.equals("detect") && !task.equals("pose") && !task.equals("segment")) {
      session.close();
      throw new UnsupportedOperationException(file + " is an exported " + task + " model; this build of yolo-java runs"
          + " exported detection, segmentation and pose models only (load the .pt checkpoint to predict with a " + task
          + " model)");
    }
    segment = task.equals("segment");
    if (segment && session.getOutputNames().size() < 2) {
      session.close();
      throw new IllegalArgumentException(file + " is a segmentation model without its prototypes output ('output1')");
    }
    kptShape = task.equals("pose") ? OnnxMetadata.parseKptShape(OnnxMetadata.require(metadata, "kpt_shape")) : null;
    List<String> names = OnnxMetadata.parseNames(OnnxMetadata.require(metadata, "names"));
    int stride = Integer.parseInt(metadata.getOrDefault("stride", "32").trim());
    boolean endToEnd = "True".equals(metadata.get("end2end"));
    Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
    inputName = input.getKey();
    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
    checkArgument(shape.length == 4, "%s: input '%s' has %s dims, expected [B, 3, H, W]", file, inputName, shape.length);
    info = ExportedModelInfo.of(names, stride, endToEnd, shape[2], shape[3]);
    fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
  }

  @Override
  public int[] keypointShape() {
    return kptShape == null ? null : kptShape.clone();
  }

  /** Opens {@code file} (an ONNX model with Ultralytics-style metadata). */
  public static OnnxRuntimeBackend open(Path file) {
    try {
      return new OnnxRuntimeBackend(file);
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot open ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  /** The model's metadata props. */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public Tensor forward(Tensor images) {
    return run(images, 1)[0];
  }

  @Override
  public boolean segments() {
    return segment;
  }

  @Override
  public Tensor[] forwardSegment(Tensor images) {
    com.google.common.base.Preconditions.checkState(segment, "forwardSegment: not a segmentation model");
    return run(images, 2);
  }

  /** The first {@code outputs} outputs of the model on {@code images}, as CPU float tensors. */
  private Tensor[] run(Tensor images, int outputs) {
    Tensor x = images.to(torch.ScalarType.Float).cpu().contiguous();
    long[] shape = x.sizes().vec().get();
    long n = x.numel();
    FloatBuffer in = new FloatPointer(x.data_ptr_float()).capacity(n).asBuffer();
    try (OnnxTensor t = OnnxTensor.createTensor(env, in, shape);
        OrtSession.Result r = session.run(Map.of(inputName, t))) {
      Tensor[] ys = new Tensor[outputs];
      for (int i = 0; i < outputs; i++) {
        OnnxTensor out = (OnnxTensor) r.get(i);
        FloatBuffer fb = out.getFloatBuffer();
        ys[i] = torch.empty(out.getInfo().getShape());
        new FloatPointer(ys[i].data_ptr_float()).capacity(fb.remaining()).asBuffer().put(fb);
      }
      return ys;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on input " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public ExportedModelInfo info() {
    return info;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing ONNX session: " + e.getMessage(), e);
    }
  }

  @Override
  public int fixedBatch() {
    return fixedBatch;
  }
}
