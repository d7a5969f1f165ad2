package dev.yolojava.core.optim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Reads and writes a libtorch optimizer's per-parameter state. The preset exposes no {@code state()} accessor, only
 * {@code save}/{@code load} through archives whose {@code state} entry is keyed by each parameter's TensorImpl
 * address (decimal) and whose {@code param_groups} entry lists those addresses by position; so state is exported by
 * reading a saved archive, and imported by writing one (our state keyed by the live parameters' addresses, the
 * optimizer's own {@code param_groups} copied through).
 */
final class LibtorchArchives {
  private static final String STEP = "step";

  private LibtorchArchives() {}

  static Map<String, Map<String, Tensor>> exportState(Optimizer optimizer, List<ParamGroup> groups) {
    Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
    Path file = tempFile();
    try (PointerScope s = new PointerScope()) {
      OutputArchive archive = new OutputArchive();
      optimizer.save(archive);
      archive.save_to(file.toString());
      InputArchive in = new InputArchive();
      in.load_from(file.toString());
      InputArchive state = new InputArchive();
      in.read("state", state);
      // Addresses come from the optimizer's own parameter handles (same order as our groups): Java-side handles
      // of the same parameters may have been released by a caller's PointerScope.
      for (int gi = 0; gi < groups.size(); gi++) {
        TensorVector live = optimizer.param_groups().get(gi).params();
        List<NamedParam> params = groups.get(gi).params();
        for (int pi = 0; pi < params.size(); pi++) {
          InputArchive entry = new InputArchive();
          if (state.try_read(address(live.get(pi)), entry)) {
            out.put(params.get(pi).key(), readEntry(entry));
          }
        }
      }
    } finally {
      delete(file);
    }
    return out;
  }

  private static Map<String, Tensor> readEntry(InputArchive entry) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    StringVector keys = entry.keys();
    for (long i = 0; i < keys.size(); i++) {
      String name = keys.get(i).getString();
      Tensor t = new Tensor();
      if (entry.try_read(name, t)) {
        if (t.defined()) {
          values.put(name, retained(t.detach().cpu().clone()));
        }
        continue;
      }
      IValue v = new IValue();
      entry.read(name, v);
      if (v.isInt()) { // libtorch counts steps as int64; PyTorch keeps a 0-d float tensor
        values.put(name, retained(torch.scalar_tensor(new org.bytedeco.pytorch.Scalar((double) v.toInt()))));
      }
    }
    return values;
  }

  static void importState(
      Optimizer optimizer, Map<String, Map<String, Tensor>> states, Map<String, Tensor> params) {
    Path current = tempFile();
    Path next = tempFile();
    try (PointerScope s = new PointerScope()) {
      OutputArchive own = new OutputArchive();
      optimizer.save(own);
      own.save_to(current.toString());
      InputArchive in = new InputArchive();
      in.load_from(current.toString());

      OutputArchive out = new OutputArchive();
      IValue version = new IValue();
      in.read("pytorch_version", version);
      out.write("pytorch_version", version);
      OutputArchive state = new OutputArchive(out.compilation_unit());
      DeviceOptional device = new DeviceOptional();
      for (Map.Entry<String, Map<String, Tensor>> e : states.entrySet()) {
        Tensor param = params.get(e.getKey());
        device = new DeviceOptional(param.device());
        OutputArchive entry = new OutputArchive(out.compilation_unit());
        for (Map.Entry<String, Tensor> v : e.getValue().entrySet()) {
          if (v.getKey().equals(STEP)) {
            entry.write(STEP, new IValue((long) v.getValue().item_double()));
          } else {
            entry.write(v.getKey(), new IValue(v.getValue().to(param.device(), param.scalar_type())));
          }
        }
        state.write(address(param), entry);
      }
      out.write("state", state);
      InputArchive groups = new InputArchive();
      in.read("param_groups", groups);
      OutputArchive groupsOut = new OutputArchive(out.compilation_unit());
      copy(groups, groupsOut);
      out.write("param_groups", groupsOut);
      out.save_to(next.toString());

      InputArchive load = new InputArchive();
      load.load_from(next.toString(), device);
      optimizer.load(load);
    } finally {
      delete(current);
      delete(next);
    }
  }

  /** Copies an archive entry by entry: sub-archives recursively, then tensors, then other values. */
  private static void copy(InputArchive in, OutputArchive out) {
    StringVector keys = in.keys();
    for (long i = 0; i < keys.size(); i++) {
      String k = keys.get(i).getString();
      InputArchive sub = new InputArchive();
      if (in.try_read(k, sub)) {
        OutputArchive subOut = new OutputArchive(out.compilation_unit());
        copy(sub, subOut);
        out.write(k, subOut);
        continue;
      }
      Tensor t = new Tensor();
      if (in.try_read(k, t)) {
        out.write(k, t);
        continue;
      }
      IValue v = new IValue();
      in.read(k, v);
      out.write(k, v);
    }
  }

  private static String address(Tensor t) {
    return Long.toString(t.unsafeGetTensorImpl().address());
  }

  private static Tensor retained(Tensor t) {
    t.retainReference();
    return t;
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("yolo-optim-", ".pt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the optimizer archive", e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      p.toFile().deleteOnExit();
    }
  }
}
