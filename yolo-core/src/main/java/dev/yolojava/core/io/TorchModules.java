package dev.yolojava.core.io;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.DetailConv2dOptions;

/**
 * Pickle-ready {@code nn.Module} objects: the instance dictionary every PyTorch 2.x module has (training flag,
 * parameter/buffer/child tables and the hook tables, in PyTorch's order) plus the attributes of the torch classes
 * Ultralytics models contain ({@code Conv2d}, {@code BatchNorm2d}, {@code SiLU}, {@code Identity},
 * {@code MaxPool2d}, {@code Upsample}, {@code Sequential}, {@code ModuleList}).
 */
final class TorchModules {
  private static final List<String> HOOK_TABLES = List.of("_backward_pre_hooks", "_backward_hooks",
      "_is_full_backward_hook", "_forward_hooks", "_forward_hooks_with_kwargs", "_forward_hooks_always_called",
      "_forward_pre_hooks", "_forward_pre_hooks_with_kwargs", "_state_dict_hooks", "_state_dict_pre_hooks",
      "_load_state_dict_pre_hooks", "_load_state_dict_post_hooks");

  private TorchModules() {}

  /** A module of class {@code module.cls} in eval mode, with empty tables. */
  static PyObject module(String module, String cls) {
    PyObject o = new PyObject(new PyGlobal(module, cls), List.of());
    o.put("training", false);
    o.put("_parameters", new LinkedHashMap<String, Object>());
    o.put("_buffers", new LinkedHashMap<String, Object>());
    o.put("_non_persistent_buffers_set", new LinkedHashSet<>());
    for (String hooks : HOOK_TABLES) {
      o.put(hooks, hooks.equals("_is_full_backward_hook") ? null : new PyOrderedDict());
    }
    o.put("_modules", new LinkedHashMap<String, Object>());
    return o;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> table(PyObject module, String name) {
    return (Map<String, Object>) module.get(name);
  }

  /** Adds a child module under {@code name}. */
  static void child(PyObject parent, String name, PyObject child) {
    table(parent, "_modules").put(name, child);
  }

  static PyObject container(String cls) {
    return module("torch.nn.modules.container", cls);
  }

  /** {@code nn.Conv2d} with libtorch's options; parameters are added by the caller. */
  static PyObject conv2d(DetailConv2dOptions o) {
    return conv("Conv2d", o, false);
  }

  /** {@code nn.ConvTranspose2d} with libtorch's options (Proto's upsample); parameters are added by the caller. */
  static PyObject convTranspose2d(DetailConv2dOptions o) {
    return conv("ConvTranspose2d", o, true);
  }

  /** The attributes PyTorch's {@code _ConvNd} sets, for a 2-D convolution (transposed or not). */
  private static PyObject conv(String cls, DetailConv2dOptions o, boolean transposed) {
    PyObject m = module("torch.nn.modules.conv", cls);
    long ph = o.padding().get0().get(0);
    long pw = o.padding().get0().get(1);
    m.put("in_channels", o.in_channels().get());
    m.put("out_channels", o.out_channels().get());
    m.put("kernel_size", pair(o.kernel_size().get(0), o.kernel_size().get(1)));
    m.put("stride", pair(o.stride().get(0), o.stride().get(1)));
    m.put("padding", pair(ph, pw));
    m.put("dilation", pair(o.dilation().get(0), o.dilation().get(1)));
    m.put("transposed", transposed);
    m.put("output_padding", transposed ? pair(o.output_padding().get(0), o.output_padding().get(1)) : pair(0, 0));
    m.put("groups", o.groups().get());
    m.put("padding_mode", "zeros");
    m.put("_reversed_padding_repeated_twice", PyTuple.of(pw, pw, ph, ph));
    return m;
  }

  /** {@code nn.BatchNorm2d} with libtorch's options; parameters and buffers are added by the caller. */
  static PyObject batchNorm2d(BatchNormOptions o) {
    PyObject m = module("torch.nn.modules.batchnorm", "BatchNorm2d");
    m.put("num_features", o.num_features().get());
    m.put("eps", o.eps().get());
    m.put("momentum", o.momentum().has_value() ? o.momentum().get() : null);
    m.put("affine", o.affine().get());
    m.put("track_running_stats", o.track_running_stats().get());
    return m;
  }

  static PyObject silu() {
    PyObject m = module("torch.nn.modules.activation", "SiLU");
    m.put("inplace", true); // Ultralytics' Conv.default_act after load_checkpoint sets every inplace flag
    return m;
  }

  /** {@code nn.Linear(in, out)}; parameters are added by the caller. */
  static PyObject linear(long in, long out) {
    PyObject m = module("torch.nn.modules.linear", "Linear");
    m.put("in_features", in);
    m.put("out_features", out);
    return m;
  }

  /** {@code nn.AdaptiveAvgPool2d(1)} (Classify's pool). */
  static PyObject adaptiveAvgPool2d(int size) {
    PyObject m = module("torch.nn.modules.pooling", "AdaptiveAvgPool2d");
    m.put("output_size", size);
    return m;
  }

  /** {@code nn.Dropout(p, inplace)} (Classify's drop). */
  static PyObject dropout(double p, boolean inplace) {
    PyObject m = module("torch.nn.modules.dropout", "Dropout");
    m.put("p", p);
    m.put("inplace", inplace);
    return m;
  }

  static PyObject identity() {
    return module("torch.nn.modules.linear", "Identity");
  }

  /** {@code nn.MaxPool2d(k, stride=1, padding=k // 2)} as SPPF builds it. */
  static PyObject maxPool2d(int k) {
    PyObject m = module("torch.nn.modules.pooling", "MaxPool2d");
    m.put("kernel_size", k);
    m.put("stride", 1);
    m.put("padding", k / 2);
    m.put("dilation", 1);
    m.put("return_indices", false);
    m.put("ceil_mode", false);
    return m;
  }

  /** {@code nn.Upsample(None, scale, mode)}. */
  static PyObject upsample(double scale, String mode) {
    PyObject m = module("torch.nn.modules.upsampling", "Upsample");
    m.put("name", "Upsample");
    m.put("size", null);
    m.put("scale_factor", scale);
    m.put("mode", mode);
    m.put("align_corners", null);
    m.put("recompute_scale_factor", null);
    return m;
  }

  private static PyTuple pair(long a, long b) {
    return PyTuple.of(a, b);
  }
}
