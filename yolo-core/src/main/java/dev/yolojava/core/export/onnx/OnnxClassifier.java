package dev.yolojava.core.export.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.yolojava.core.engine.ClassifyBackend;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.cuda.Device;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * An exported classifier ({@code task: classify} in its metadata) run by ONNX Runtime on the CPU: {@code images}
 * {@code (B, 3, H, W)} in, {@code output0} {@code (B, nc)} probabilities out, as Ultralytics exports classifiers.
 */
public final class OnnxClassifier implements ClassifyBackend, AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final List<String> names;
  private final int imgsz;
  private final int fixedBatch; // 0: dynamic

  private OnnxClassifier(OrtEnvironment env, OrtSession session, Path file) throws OrtException {
    this.env = env;
    this.session = session;
    Map<String, String> metadata = session.getMetadata().getCustomMetadata();
    names = OnnxMetadata.parseNames(OnnxMetadata.require(metadata, "names"));
    Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
    inputName = input.getKey();
    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
    checkArgument(shape.length == 4, "%s: input '%s' has %s dims, expected [B, 3, H, W]", file, inputName, shape.length);
    fixedBatch = shape[0] > 0 ? (int) shape[0] : 0;
    // a static export predicts at its own size; a dynamic one at the size it was exported with (its metadata)
    int fromMeta = OnnxMetadata.parseImgsz(metadata.getOrDefault("imgsz", "[224, 224]"))[0];
    imgsz = shape[2] > 0 ? (int) shape[2] : fromMeta;
  }

  /** The classifier in {@code file}, or empty when its metadata names another task (or none). */
  public static Optional<OnnxClassifier> openIfClassifier(Path file) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try {
      session = env.createSession(file.toString(), new OrtSession.SessionOptions());
      if (!"classify".equals(session.getMetadata().getCustomMetadata().getOrDefault("task", "").trim())) {
        session.close();
        return Optional.empty();
      }
      return Optional.of(new OnnxClassifier(env, session, file));
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IllegalArgumentException("cannot open ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // already failing
      }
    }
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public int imgsz() {
    return imgsz;
  }

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public boolean isHalf() {
    return false;
  }

  /** A static export runs batches of its own size only. */
  public int fixedBatch() {
    return fixedBatch;
  }

  @Override
  public Tensor probs(Tensor input) {
    long[] shape = input.sizes().vec().get();
    checkArgument(fixedBatch == 0 || shape[0] == fixedBatch, "this ONNX classifier was exported for batch %s, got %s"
        + " images: export with dynamic=True or predict with batch=%s", fixedBatch, shape[0], fixedBatch);
    float[] x = Tensors.toFloatArray(input.to(torch.ScalarType.Float).contiguous());
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = session.run(Map.of(inputName, t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      FloatBuffer fb = out.getFloatBuffer();
      float[] p = new float[fb.remaining()];
      fb.get(p);
      return Tensors.fromFloats(p, shape[0], p.length / shape[0]);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the classifier: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closeQuietly(session);
  }
}
