package dev.yolojava.core.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whitelist of Python globals a checkpoint pickle may name, and what "calling" each one means here. Nothing is
 * executed: a call only builds plain data (a map, a set, a {@link TensorRef}, a {@link PyObject}).
 */
final class PickleGlobals {
  static final String ALLOWED = "collections.OrderedDict, torch._utils._rebuild_tensor_v2,"
      + " torch._utils._rebuild_parameter, torch.{" + StorageType.allNames() + "}, torch.Size, builtins.set,"
      + " ultralytics.nn.* and torch.nn.modules.* classes, ultralytics.utils.IterableSimpleNamespace,"
      + " types.SimpleNamespace, torchvision.transforms.* classes (a classifier's saved transforms) and getattr of"
      + " torchvision's InterpolationMode";

  /** Module classes: CamelCase names in a dotted lowercase package below ultralytics.nn or torch.nn.modules. */
  private static final Pattern MODULE_CLASS_PACKAGE =
      Pattern.compile("(ultralytics\\.nn|torch\\.nn\\.modules|torchvision\\.transforms)(\\.[a-z_][a-z0-9_]*)*");
  /** The enum a classifier's saved {@code Resize} names its interpolation with, as {@code getattr(enum, 'BILINEAR')}. */
  private static final String INTERPOLATION_MODE = "torchvision.transforms.functional.InterpolationMode";
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9_]{0,99}");
  private static final Set<String> DATA_HOLDERS =
      Set.of("ultralytics.utils.IterableSimpleNamespace", "types.SimpleNamespace");

  private PickleGlobals() {}

  /** Admits a global named by {@code GLOBAL}/{@code STACK_GLOBAL} or throws {@link ForbiddenGlobalException}. */
  static PyGlobal resolve(String module, String name, String source) throws ForbiddenGlobalException {
    PyGlobal g = new PyGlobal(module, name);
    if (!isAllowed(g)) {
      throw new ForbiddenGlobalException(g.qualifiedName(), source, ALLOWED);
    }
    return g;
  }

  private static boolean isAllowed(PyGlobal g) {
    String q = g.qualifiedName();
    return switch (q) {
      case "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
          "torch.Size", "builtins.set", "__builtin__.set", "builtins.getattr", "__builtin__.getattr" -> true;
      default -> StorageType.fromGlobal(g).isPresent() || DATA_HOLDERS.contains(q) || isModuleClass(g);
    };
  }

  private static boolean isModuleClass(PyGlobal g) {
    return MODULE_CLASS_PACKAGE.matcher(g.module()).matches() && CLASS_NAME.matcher(g.name()).matches();
  }

  /** What {@code REDUCE}/{@code NEWOBJ} of {@code g} with {@code args} yields. */
  static Object call(PyGlobal g, PyTuple args, String source) throws MalformedFileException {
    String q = g.qualifiedName();
    switch (q) {
      case "collections.OrderedDict":
        return orderedDict(args, source);
      case "builtins.set":
      case "__builtin__.set":
        return set(args, source);
      case "torch.Size":
        return size(args, source);
      case "torch._utils._rebuild_tensor_v2":
        return rebuildTensor(args, source);
      case "torch._utils._rebuild_parameter":
        return rebuildParameter(args, source);
      case "builtins.getattr":
      case "__builtin__.getattr":
        return enumMember(g, args, source);
      default:
        if (StorageType.fromGlobal(g).isPresent()) {
          throw new MalformedFileException(source + ": '" + q + "' may only appear in a persistent id, not be called");
        }
        return new PyObject(g, Collections.unmodifiableList(new ArrayList<>(args)));
    }
  }

  /**
   * {@code getattr(InterpolationMode, 'BILINEAR')}: only that enum's members, kept as a name (nothing is looked up).
   * Any other use of getattr is the forbidden global it would be anywhere else.
   */
  private static PyObject enumMember(PyGlobal getattr, PyTuple args, String source) throws ForbiddenGlobalException {
    if (args.size() != 2 || !(args.get(0) instanceof PyGlobal owner) || !(args.get(1) instanceof String member)
        || !owner.qualifiedName().equals(INTERPOLATION_MODE) || !CLASS_NAME.matcher(member).matches()) {
      throw new ForbiddenGlobalException(getattr.qualifiedName(), source, ALLOWED);
    }
    return new PyObject(owner, List.of(member));
  }

  private static Map<Object, Object> orderedDict(PyTuple args, String source) throws MalformedFileException {
    Map<Object, Object> map = new PyOrderedDict();
    if (args.isEmpty()) {
      return map;
    }
    if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
      for (Object p : pairs) {
        if (!(p instanceof List<?> kv) || kv.size() != 2) {
          throw new MalformedFileException(source + ": OrderedDict item is a " + Values.describe(p)
              + "; expected a (key, value) pair");
        }
        Values.requireHashable(kv.get(0), source, 0);
        map.put(kv.get(0), kv.get(1));
      }
      return map;
    }
    throw new MalformedFileException(source + ": OrderedDict called with " + args.size()
        + " arguments; expected none or a list of pairs");
  }

  private static Set<Object> set(PyTuple args, String source) throws MalformedFileException {
    Set<Object> set = new LinkedHashSet<>();
    if (args.isEmpty()) {
      return set;
    }
    if (args.size() == 1 && (args.get(0) instanceof List<?> || args.get(0) instanceof Set<?>)) {
      for (Object o : (Iterable<?>) args.get(0)) {
        Values.requireHashable(o, source, 0);
        set.add(o);
      }
      return set;
    }
    throw new MalformedFileException(source + ": set called with " + args.size()
        + " arguments; expected none or one list");
  }

  private static PyTuple size(PyTuple args, String source) throws MalformedFileException {
    if (args.size() != 1 || !(args.get(0) instanceof List<?> dims)) {
      throw new MalformedFileException(source + ": torch.Size called with " + Values.describe(args)
          + "; expected one tuple of ints");
    }
    longs(dims, "torch.Size", source);
    return PyTuple.of(dims);
  }

  private static TensorRef rebuildTensor(PyTuple a, String source) throws MalformedFileException {
    if (a.size() != 6 && a.size() != 7) {
      throw new MalformedFileException(source + ": _rebuild_tensor_v2 called with " + a.size()
          + " arguments; expected (storage, offset, size, stride, requires_grad, hooks[, metadata])");
    }
    if (!(a.get(0) instanceof StorageRef storage)) {
      throw new MalformedFileException(source + ": _rebuild_tensor_v2 storage is a " + Values.describe(a.get(0))
          + "; expected a persistent storage id");
    }
    if (!Values.isInt(a.get(1))) {
      throw new MalformedFileException(source + ": _rebuild_tensor_v2 offset is a " + Values.describe(a.get(1))
          + "; expected an int");
    }
    if (!(a.get(2) instanceof List<?> size) || !(a.get(3) instanceof List<?> stride)) {
      throw new MalformedFileException(source + ": _rebuild_tensor_v2 size/stride are " + Values.describe(a.get(2))
          + "/" + Values.describe(a.get(3)) + "; expected tuples of ints");
    }
    boolean requiresGrad = Boolean.TRUE.equals(a.get(4));
    return TensorRef.of(storage, ((Number) a.get(1)).longValue(), longs(size, "size", source),
        longs(stride, "stride", source), requiresGrad, source);
  }

  private static TensorRef rebuildParameter(PyTuple a, String source) throws MalformedFileException {
    if (a.size() != 3 || !(a.get(0) instanceof TensorRef data)) {
      throw new MalformedFileException(source + ": _rebuild_parameter called with " + Values.describe(a)
          + "; expected (tensor, requires_grad, hooks)");
    }
    return data.asParameter(Boolean.TRUE.equals(a.get(1)));
  }

  private static long[] longs(List<?> items, String what, String source) throws MalformedFileException {
    if (items.size() > 64) {
      throw new MalformedFileException(source + ": " + what + " has " + items.size() + " dimensions; at most 64");
    }
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!Values.isInt(items.get(i))) {
        throw new MalformedFileException(source + ": " + what + " element " + i + " is a "
            + Values.describe(items.get(i)) + "; expected an int");
      }
      out[i] = ((Number) items.get(i)).longValue();
    }
    return out;
  }
}
