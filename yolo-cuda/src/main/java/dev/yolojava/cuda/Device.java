package dev.yolojava.cuda;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch;

/**
 * A compute device as users name it, in Ultralytics' syntax: {@code "cpu"}, {@code "0"}, {@code "cuda:1"},
 * {@code "0,1"} (several GPUs), or {@code ""} (the first GPU if one is present, else the CPU).
 *
 * <p>Immutable and thread-safe. Parsing never touches CUDA; {@link #toTorch()} does not either, so a model
 * placed on {@code cuda:1} creates no context on GPU 0.
 */
public final class Device {
  public static final Device CPU = new Device(ImmutableList.of());

  private final ImmutableList<Integer> cudaIndices;

  private Device(List<Integer> cudaIndices) {
    this.cudaIndices = ImmutableList.copyOf(cudaIndices);
  }

  /** One CUDA device by index. */
  public static Device cuda(int index) {
    checkArgument(index >= 0, "CUDA device index is %s, expected >= 0", index);
    return new Device(ImmutableList.of(index));
  }

  /**
   * Parses a device string. Accepts {@code cpu}, {@code mps} is refused, {@code N}, {@code cuda}, {@code cuda:N},
   * and comma-separated lists of indices ({@code 0,1} or {@code cuda:0,cuda:1}). An empty string or {@code null}
   * picks GPU 0 when CUDA is available, else the CPU.
   */
  public static Device parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty()) {
      return Cuda.isAvailable() ? cuda(0) : CPU;
    }
    if (s.equals("cpu")) {
      return CPU;
    }
    if (s.equals("cuda")) {
      return cuda(0);
    }
    ImmutableList.Builder<Integer> out = ImmutableList.builder();
    for (String part : s.split(",")) {
      String p = part.startsWith("cuda:") ? part.substring(5) : part;
      checkArgument(
          !p.isEmpty() && p.chars().allMatch(Character::isDigit),
          "device '%s' is not understood: expected 'cpu', a GPU index like '0', 'cuda:1', or a list like '0,1'",
          spec);
      out.add(Integer.parseInt(p));
    }
    ImmutableList<Integer> idx = out.build();
    checkArgument(
        idx.stream().distinct().count() == idx.size(), "device '%s' names a GPU twice", spec);
    return new Device(idx);
  }

  /**
   * This device, when this machine has it; else Ultralytics' one-line refusal ({@code select_device}), instead of a
   * libtorch error from the first tensor op that tries the missing GPU ({@code Could not run 'aten::empty_strided'
   * with arguments from the 'CUDA' backend ...}).
   */
  public Device requireAvailable() {
    if (isCpu()) {
      return this;
    }
    int count = Cuda.deviceCount();
    for (int i : cudaIndices) {
      if (i >= count) {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "Invalid CUDA 'device=%s' requested. Use 'device=cpu' or pass valid CUDA device(s) if available, i.e."
                + " 'device=0' or 'device=0,1,2,3' for Multi-GPU (CUDA available: %s, CUDA devices: %d,"
                + " CUDA_VISIBLE_DEVICES: %s)",
            String.join(",", cudaIndices.stream().map(String::valueOf).toList()), Cuda.isAvailable(), count,
            visible == null ? "unset" : visible));
      }
    }
    return this;
  }

  public boolean isCpu() {
    return cudaIndices.isEmpty();
  }

  public boolean isCuda() {
    return !cudaIndices.isEmpty();
  }

  /** GPU indices in the order given; empty for the CPU. */
  public List<Integer> cudaIndices() {
    return cudaIndices;
  }

  /** The first (or only) GPU index; fails for the CPU. */
  public int index() {
    checkArgument(isCuda(), "device %s has no GPU index", this);
    return cudaIndices.get(0);
  }

  /** The primary device as a libtorch device ({@code cpu} or {@code cuda:N} of the first index). */
  public org.bytedeco.pytorch.Device toTorch() {
    if (isCpu()) {
      return new org.bytedeco.pytorch.Device(torch.DeviceType.CPU, (byte) -1);
    }
    return new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) index());
  }

  /** This device's single-GPU parts: {@code 0,1} gives {@code cuda:0} and {@code cuda:1}. */
  public List<Device> split() {
    if (isCpu()) {
      return ImmutableList.of(CPU);
    }
    return cudaIndices.stream().map(Device::cuda).collect(ImmutableList.toImmutableList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device && ((Device) o).cudaIndices.equals(cudaIndices);
  }

  @Override
  public int hashCode() {
    return cudaIndices.hashCode();
  }

  @Override
  public String toString() {
    if (isCpu()) {
      return "cpu";
    }
    if (cudaIndices.size() == 1) {
      return "cuda:" + cudaIndices.get(0);
    }
    return String.join(",", cudaIndices.stream().map(String::valueOf).toList());
  }
}
