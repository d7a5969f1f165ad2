"""Unpickles a torch checkpoint's data.pkl with CPython's own pickle module, without torch or ultralytics.

Every global is resolved to a stub class (torch._utils rebuild functions to recorders, storages to names), so the
byte stream is interpreted exactly as torch.load would, and the rebuilt object tree is printed one line per node:
'path: description'. Shared objects print as 'same as <first path>'. Usage:
    python3 stub_unpickle.py FILE.pt|data.pkl [--skip attr,attr] [--globals]
"""
import collections
import pickle
import sys
import zipfile


class Stub:
    """Instance of any pickled class: NEWOBJ makes it, BUILD fills its __dict__; REDUCE passes arguments."""

    def __init__(self, *args):
        self.reduce_args = args

    def __setstate__(self, state):
        if isinstance(state, tuple) and len(state) == 2:
            state = {**(state[0] or {}), **(state[1] or {})}
        self.__dict__.update(state or {})


class Tensor:
    def __init__(self, storage, offset, size, stride, requires_grad, hooks, *metadata):
        self.dtype = storage[1]
        self.numel = storage[4]
        self.offset, self.size, self.stride = offset, tuple(size), tuple(stride)
        self.requires_grad = requires_grad
        self.param = False


def rebuild_parameter(tensor, requires_grad, hooks):
    tensor.param, tensor.requires_grad = True, requires_grad
    return tensor


GLOBALS = set()
CLASSES = {}


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        GLOBALS.add(module + "." + name)
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) in (("builtins", "set"), ("__builtin__", "set")):
            return set
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return Tensor
        if (module, name) == ("torch._utils", "_rebuild_parameter"):
            return rebuild_parameter
        if module == "torch" and name.endswith("Storage"):
            return name
        key = module + "." + name
        if key not in CLASSES:
            CLASSES[key] = type(name, (Stub,), {"qualname": key})
        return CLASSES[key]

    def persistent_load(self, pid):
        assert pid[0] == "storage" and len(pid) == 5, pid
        return pid


def dump(v, path, seen, skip, out):
    if isinstance(v, (Stub, list, dict, Tensor, set)) and id(v) in seen:
        out.append(f"{path}: same as {seen[id(v)]}")
        return
    if isinstance(v, (Stub, list, dict, Tensor, set)):
        seen[id(v)] = path
    if isinstance(v, Stub):
        out.append(f"{path}: {type(v).qualname}")
        for k, x in v.__dict__.items():
            if k not in skip:
                dump(x, f"{path}.{k}", seen, skip, out)
    elif isinstance(v, Tensor):
        out.append(f"{path}: {'Parameter' if v.param else 'Tensor'} {v.dtype} {list(v.size)} stride {list(v.stride)}"
                   f" offset {v.offset} requires_grad {v.requires_grad}")
    elif isinstance(v, dict):
        out.append(f"{path}: {type(v).__name__} of {len(v)}")
        for k, x in v.items():
            dump(x, f"{path}[{k!r}]", seen, skip, out)
    elif isinstance(v, list):
        out.append(f"{path}: list of {len(v)}")
        for i, x in enumerate(v):
            dump(x, f"{path}[{i}]", seen, skip, out)
    elif isinstance(v, set):
        out.append(f"{path}: set {sorted(map(repr, v))}")
    else:  # None, bool, int, float, str, tuple of those
        out.append(f"{path}: {type(v).__name__} {v!r}")


def main():
    file = sys.argv[1]
    skip = set()
    if "--skip" in sys.argv:
        skip = set(sys.argv[sys.argv.index("--skip") + 1].split(","))
    if zipfile.is_zipfile(file):
        with zipfile.ZipFile(file) as z:
            name = [n for n in z.namelist() if n.endswith("/data.pkl")][0]
            data = z.read(name)  # checks the CRC
    else:
        with open(file, "rb") as f:
            data = f.read()
    import io
    root = Unpickler(io.BytesIO(data)).load()
    if "--globals" in sys.argv:
        print("\n".join(sorted(GLOBALS)))
        return
    out = []
    dump(root, "root", {}, skip, out)
    print("\n".join(out))


main()
