package dev.yolojava.api.hostile;

import static dev.yolojava.api.hostile.HostileFiles.bmpDeclaring;
import static dev.yolojava.api.hostile.HostileFiles.callGlobal;
import static dev.yolojava.api.hostile.HostileFiles.callStackGlobal;
import static dev.yolojava.api.hostile.HostileFiles.gifDeclaring;
import static dev.yolojava.api.hostile.HostileFiles.image;
import static dev.yolojava.api.hostile.HostileFiles.jpegDeclaring;
import static dev.yolojava.api.hostile.HostileFiles.pngDeclaring;
import static dev.yolojava.api.hostile.HostileFiles.raw;
import static dev.yolojava.api.hostile.HostileFiles.repeated;
import static dev.yolojava.api.hostile.HostileFiles.torchZip;
import static dev.yolojava.api.hostile.HostileFiles.webpDeclaring;
import static dev.yolojava.api.hostile.HostileFiles.write;

import dev.yolojava.api.Yolo;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.ForbiddenGlobalException;
import dev.yolojava.core.io.MalformedFileException;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetScanner;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The hostile/broken input corpus: each case builds its input in a fresh directory, feeds it to a public entry
 * point, and names the outcome it must get (an exception type plus a message fragment, or a skip whose message is
 * returned). {@code docs/hostile-inputs.md} is rendered from this list.
 */
final class HostileCorpus {
  /** Builds the input in {@code dir} and runs the entry point; returns the skip message for SKIP cases. */
  @FunctionalInterface
  interface Action {
    String run(Path dir, Supplier<Yolo> model) throws Exception;
  }

  /** One corpus entry; {@code expected} is null for cases that are skipped with a message instead of failing. */
  record Case(String name, String entry, Class<? extends Throwable> expected, String fragment, boolean fixture,
      Action action) {
    @Override
    public String toString() {
      return name;
    }

    String outcome() {
      return expected == null ? "skipped with a message" : expected.getSimpleName();
    }
  }

  private final List<Case> cases = new ArrayList<>();

  private HostileCorpus() {}

  private void add(String name, String entry, Class<? extends Throwable> type, String fragment, Action action) {
    cases.add(new Case(name, entry, type, fragment, false, action));
  }

  private void addFixture(String name, String entry, Class<? extends Throwable> type, String fragment,
      Action action) {
    cases.add(new Case(name, entry, type, fragment, true, action));
  }

  static List<Case> all() {
    HostileCorpus c = new HostileCorpus();
    c.checkpoints();
    c.pickles();
    c.dataYamls();
    c.modelYamls();
    c.images();
    c.labels();
    return c.cases;
  }

  private static final String LOAD = "Checkpoint.load";
  private static final Class<MalformedFileException> BAD = MalformedFileException.class;
  private static final Class<ForbiddenGlobalException> FORBIDDEN = ForbiddenGlobalException.class;
  private static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;

  private void checkpoints() {
    add("empty .pt file", LOAD, BAD, "file is empty", (d, m) -> load(write(d.resolve("e.pt"), new byte[0])));
    add("random bytes as .pt", LOAD, BAD, "not a valid zip archive",
        (d, m) -> load(write(d.resolve("r.pt"), raw("PK\u0003\u0004 this is not a zip at all"))));
    add("truncated zip", LOAD, BAD, "not a valid zip archive",
        (d, m) -> load(HostileFiles.truncate(torchZip(d.resolve("t.pt"), raw("\u0080\u0002}.")), 60)));
    add("bare legacy pickle as .pt", LOAD, BAD, "a bare pickle (legacy torch.save format)",
        (d, m) -> load(write(d.resolve("l.pt"), raw("\u0080\u0002}."))));
    add("zip without data.pkl", LOAD, BAD, "expected exactly one '<name>/data.pkl' entry but found 0",
        (d, m) -> load(HostileFiles.zip(d.resolve("n.pt"), Map.of("archive/byteorder", raw("little")),
            ZipEntry.STORED)));
    add("zip with two data.pkl", LOAD, BAD, "expected exactly one '<name>/data.pkl' entry but found 2",
        (d, m) -> load(HostileFiles.zip(d.resolve("two.pt"), Map.of("a/data.pkl", raw("\u0080\u0002}."),
            "b/data.pkl", raw("\u0080\u0002}.")), ZipEntry.STORED)));
    add("stored entry declaring 4 GiB", LOAD, BAD, "declares 4294967280 bytes but stores 4; expected equal sizes",
        (d, m) -> load(HostileFiles.forgeDeclaredSize(torchZip(d.resolve("big.pt"), raw("\u0080\u0002}.")),
            0xFFFFFFF0L)));
    add("deflated entry declaring 1 GiB from a few bytes", LOAD, BAD, "expected a real deflate stream, not a zip bomb",
        (d, m) -> load(HostileFiles.forgeDeclaredSize(HostileFiles.zip(d.resolve("forged.pt"),
            Map.of("archive/data.pkl", raw("\u0080\u0002}.")), ZipEntry.DEFLATED), 1L << 30)));
    add("deflate bomb: 300 MiB of zeros as data.pkl", LOAD, BAD, "declares 314572800 bytes; expected 0 to 268435456",
        (d, m) -> load(zeroBomb(d.resolve("bomb.pt"), 300)));
    add("deflated entry holding more than declared", LOAD, BAD, "holds more than its declared 1 bytes",
        (d, m) -> load(HostileFiles.forgeDeclaredSize(HostileFiles.zip(d.resolve("more.pt"),
            Map.of("archive/data.pkl", raw("\u0080\u0002}.")), ZipEntry.DEFLATED), 1)));
    add("garbled deflate stream", LOAD, BAD, "entry 'archive/data.pkl' cannot be read",
        (d, m) -> load(HostileFiles.garble(HostileFiles.zip(d.resolve("g.pt"),
            Map.of("archive/data.pkl", raw("\u0080\u0002}" + "q".repeat(200) + ".")), ZipEntry.DEFLATED), 44, 12)));
    add("byteorder 'middle'", LOAD, BAD, "byteorder is 'middle'; expected 'little' or 'big'",
        (d, m) -> load(HostileFiles.zip(d.resolve("bo.pt"), Map.of("archive/data.pkl", raw("\u0080\u0002}."),
            "archive/byteorder", raw("middle")), ZipEntry.STORED)));
    add("top level is a list", LOAD, BAD, "top level is a list",
        (d, m) -> load(torchZip(d.resolve("list.pt"), raw("\u0080\u0002]."))));
    add("checkpoint dict without a model", LOAD, BAD, "'ema' and 'model' hold None; expected a model object",
        (d, m) -> load(torchZip(d.resolve("nomodel.pt"), raw("\u0080\u0002}."))));
    add("Yolo.load of a file that is not .pt", "Yolo.load", ARG, "expected an Ultralytics .pt checkpoint",
        (d, m) -> {
          Yolo.load(write(d.resolve("model.bin"), raw("x")).toString());
          return null;
        });
    add("Yolo.load of a missing file", "Yolo.load", ARG, "model file not found",
        (d, m) -> {
          Yolo.load(d.resolve("absent.pt").toString());
          return null;
        });
    add("Yolo.load of a garbage .pt", "Yolo.load", UncheckedIOException.class, "not a valid zip archive",
        (d, m) -> {
          Yolo.load(write(d.resolve("junk.pt"), raw("garbage")).toString());
          return null;
        });
    addFixture("real checkpoint, one storage cut to half", LOAD, BAD, "bytes but tensor",
        (d, m) -> load(FixtureEdits.truncateFirstStorage(d.resolve("cut.pt"))));
    addFixture("real checkpoint, storage dtype ComplexDoubleStorage", LOAD, BAD, "ComplexDoubleStorage",
        (d, m) -> load(FixtureEdits.replaceInPickle(d.resolve("dtype.pt"), "FloatStorage", "ComplexDoubleStorage")));
    addFixture("real checkpoint, model class swapped for os.system", LOAD, FORBIDDEN, "forbidden global 'os.system'",
        (d, m) -> load(FixtureEdits.replaceInPickle(d.resolve("os.pt"), "ultralytics.nn.tasks\nDetectionModel",
            "os\nsystem")));
  }

  private void pickles() {
    String[][] globals = {{"os", "system"}, {"posix", "system"}, {"nt", "system"}, {"builtins", "eval"},
        {"builtins", "exec"}, {"__builtin__", "eval"}, {"builtins", "getattr"}, {"subprocess", "Popen"},
        {"subprocess", "check_output"}, {"torch.storage", "_load_from_bytes"}, {"pickle", "loads"}};
    for (String[] g : globals) {
      add("pickle calls " + g[0] + "." + g[1], LOAD, FORBIDDEN, "forbidden global '" + g[0] + "." + g[1] + "'",
          (d, m) -> load(torchZip(d.resolve("evil.pt"), callGlobal(g[0], g[1]))));
    }
    add("pickle calls os.system via STACK_GLOBAL", LOAD, FORBIDDEN, "forbidden global 'os.system'",
        (d, m) -> load(torchZip(d.resolve("sg.pt"), callStackGlobal("os", "system"))));
    add("bare pickle calls subprocess.Popen", "Checkpoint.loadPickle", FORBIDDEN,
        "forbidden global 'subprocess.Popen'",
        (d, m) -> loadPickle(write(d.resolve("data.pkl"), callGlobal("subprocess", "Popen"))));
    add("empty data.pkl", LOAD, BAD, "empty pickle", (d, m) -> load(torchZip(d.resolve("e.pt"), new byte[0])));
    add("pickle with unknown opcode 0xff", LOAD, BAD, "0xff",
        (d, m) -> load(torchZip(d.resolve("op.pt"), raw("\u0080\u0002\u00ff."))));
    add("pickle without STOP", LOAD, BAD, "data.pkl",
        (d, m) -> load(torchZip(d.resolve("nostop.pt"), raw("\u0080\u0002}"))));
    add("pickle STOP on an empty stack", LOAD, BAD, "data.pkl",
        (d, m) -> load(torchZip(d.resolve("empty.pt"), raw("\u0080\u0002."))));
    add("5000 nested MARKs", LOAD, BAD, "pickle nesting deeper than 4096 marks",
        (d, m) -> load(torchZip(d.resolve("marks.pt"), repeated("(", 5000, "."))));
    add("1.1 million None pushes", LOAD, BAD, "pickle stack grew beyond 1048576 entries",
        (d, m) -> load(torchZip(d.resolve("stack.pt"), repeated("N", 1_100_000, "."))));
    add("pickle truncated inside a string", LOAD, BAD, "data.pkl",
        (d, m) -> load(torchZip(d.resolve("str.pt"), raw("\u0080\u0002X\u00ff\u00ff\u00ff\u0000abc"))));
  }

  private void dataYamls() {
    String r = "DataConfig.resolve";
    add("data is empty", r, ARG, "data is empty: expected a data.yaml path or 'synthetic'",
        (d, m) -> resolve(""));
    add("data.yaml does not exist", r, ARG, "data.yaml not found", (d, m) -> resolve(d.resolve("no.yaml").toString()));
    add("data.yaml with a syntax error", r, ARG, "d.yaml: not a valid data YAML",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: [a, b\nval: x\n").toString()));
    add("data.yaml with a python/object tag", r, ARG, "Global tag is not allowed: tag:yaml.org,2002:python/object/apply:os.system",
        (d, m) -> resolve(write(d.resolve("d.yaml"),
            "train: !!python/object/apply:os.system [\"id\"]\nval: v\nnc: 1\n").toString()));
    add("data.yaml alias bomb (billion laughs)", r, ARG, "Number of aliases for non-scalar nodes exceeds",
        (d, m) -> resolve(write(d.resolve("d.yaml"), laughs()).toString()));
    add("data.yaml nested 10000 deep", r, ARG, "Nesting Depth exceeded",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: " + "[".repeat(10000) + "]".repeat(10000)).toString()));
    add("data.yaml is a list", r, ARG, "expected a mapping at the top level, got ArrayList",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "- a\n- b\n").toString()));
    add("data.yaml is empty", r, ARG, "expected a mapping at the top level, got an empty file",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "").toString()));
    add("data.yaml without train", r, ARG, "'train' key missing",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "val: v\nnc: 1\n").toString()));
    add("data.yaml without val", r, ARG, "'val' key missing",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nnc: 1\n").toString()));
    add("data.yaml nc disagrees with names", r, ARG, "'nc' is 3",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\nnc: 3\nnames: [a, b]\n").toString()));
    add("data.yaml nc not a number", r, ARG, "'nc' is 'many', expected an integer",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\nnc: many\n").toString()));
    add("data.yaml nc negative", r, ARG, "'nc' is -2, expected a non-negative integer",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\nnc: -2\n").toString()));
    add("data.yaml names with a null key", r, ARG, "'names' key 'null' is not a class index",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\nnames:\n &3 : a\n").toString()));
    add("data.yaml names with an index twice", r, ARG, "'names' has index 0 twice ('a' and 'b')",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\nnames: {0: a, '0': b}\n").toString()));
    add("data.yaml without names or nc", r, ARG, "either 'names' or 'nc' is required",
        (d, m) -> resolve(write(d.resolve("d.yaml"), "train: t\nval: v\n").toString()));
    add("data dir holding two yaml files", r, ARG, "holds 2 yaml files",
        (d, m) -> {
          write(d.resolve("a.yaml"), "train: t\n");
          write(d.resolve("b.yaml"), "train: t\n");
          return resolve(d.toString());
        });
    add("data dir holding no yaml file", r, ARG, "holds 0 yaml files",
        (d, m) -> resolve(Files.createDirectories(d.resolve("empty")).toString()));
  }

  private void modelYamls() {
    String e = "DetectionModel.fromYaml";
    add("unknown built-in model name", e, ARG, "yolov99z.yaml", (d, m) -> model("yolov99z.yaml"));
    add("model yaml with a syntax error", e, ARG, "not a valid model YAML",
        (d, m) -> model(write(d.resolve("m.yaml"), "nc: 2\nbackbone: [[-1, 1, Conv\n").toString()));
    add("model yaml with a python/object tag", e, ARG, "Global tag is not allowed: tag:yaml.org,2002:python/object/apply:os.system",
        (d, m) -> model(write(d.resolve("m.yaml"), "nc: !!python/object/apply:os.system [\"id\"]\n").toString()));
    add("model yaml is a scalar", e, ARG, "expected a YAML mapping at the top level",
        (d, m) -> model(write(d.resolve("m.yaml"), "just text\n").toString()));
    add("model yaml without backbone", e, ARG, "'backbone'",
        (d, m) -> model(write(d.resolve("m.yaml"), "nc: 2\nhead: []\n").toString()));
    add("model yaml with an unknown module", e, ARG, "EvilModule",
        (d, m) -> model(write(d.resolve("m.yaml"), "nc: 2\nbackbone:\n  - [-1, 1, EvilModule, [16]]\n"
            + "head:\n  - [[0], 1, Detect, [nc]]\n").toString()));
    add("model yaml nc 0", e, ARG, "'nc' is 0, expected a class count >= 1",
        (d, m) -> model(write(d.resolve("m.yaml"), "nc: 0\nbackbone: []\nhead: []\n").toString()));
  }

  private void images() {
    String p = "Yolo.predict";
    add("empty image bytes", p, ARG, "the data is empty (0 bytes)", (d, m) -> predict(m, new byte[0]));
    add("random bytes as an image", p, ARG, "not a supported image format or corrupt data",
        (d, m) -> predict(m, raw("definitely not an image")));
    add("PNG cut after its header", p, ARG, "not a supported image format or corrupt data",
        (d, m) -> predict(m, java.util.Arrays.copyOf(image("png", 32, 32), 40)));
    add("PNG declaring 100000x100000", p, ARG, "declares 100000x100000 pixels in its PNG header",
        (d, m) -> predict(m, pngDeclaring(100_000, 100_000)));
    add("PNG declaring 0x0", p, ARG, "declares 0x0 pixels in its PNG header", (d, m) -> predict(m, pngDeclaring(0, 0)));
    add("JPEG declaring 65535x65535", p, ARG, "declares 65535x65535 pixels in its JPEG header",
        (d, m) -> predict(m, jpegDeclaring(65535, 65535)));
    add("BMP declaring 100000x100000", p, ARG, "declares 100000x100000 pixels in its BMP header",
        (d, m) -> predict(m, bmpDeclaring(100_000, 100_000)));
    add("GIF declaring 65535x65535", p, ARG, "declares 65535x65535 pixels in its GIF header",
        (d, m) -> predict(m, gifDeclaring(65535, 65535)));
    add("WebP declaring 16777216x16777216", p, ARG, "declares 16777216x16777216 pixels in its WebP header",
        (d, m) -> predict(m, webpDeclaring(1 << 24, 1 << 24)));
    add("zero-byte .jpg file", p, ARG, "the data is empty (0 bytes)",
        (d, m) -> predict(m, write(d.resolve("zero.jpg"), new byte[0])));
    add("text file named .png", p, ARG, "not a supported image format or corrupt data",
        (d, m) -> predict(m, write(d.resolve("text.png"), "hello")));
    add("missing image path", p, ARG, "source not found", (d, m) -> predict(m, d.resolve("absent.jpg")));
    add("directory without images", p, ARG, "holds no images",
        (d, m) -> predict(m, Files.createDirectories(d.resolve("noimg"))));
    add("dataset image declaring 100000x100000", "DatasetScanner.scan", null, "ignoring corrupt image",
        (d, m) -> scan(d, pngDeclaring(100_000, 100_000), "0 0.5 0.5 0.1 0.1\n"));
  }

  private void labels() {
    String s = "DatasetScanner.scan";
    add("label with NaN coordinate", s, null, "1.txt:1: column 2 'nan' is not a number; line skipped", (d, m) -> scan(d, null, "0 nan 0.5 0.1 0.1\n"));
    add("label with NaN (Java spelling)", s, null, "1.txt:1: column 3 'NaN' is not finite; line skipped",
        (d, m) -> scan(d, null, "0 0.5 NaN 0.1 0.1\n"));
    add("label with infinite size", s, null, "1.txt:1: column 4 'inf' is not a number; line skipped", (d, m) -> scan(d, null, "0 0.5 0.5 inf 0.1\n"));
    add("label coordinate 1.5", s, null, "1.txt:2: coordinate 1.5 (column 2) is above 1: labels must be normalised; line skipped", (d, m) -> scan(d, null, "0 0.5 0.5 .1 .1\n1 1.5 0.5 .1 .1\n"));
    add("label class negative", s, null, "1.txt:1: negative class -1; line skipped", (d, m) -> scan(d, null, "-1 0.5 0.5 0.1 0.1\n"));
    add("label class >= nc", s, null, "1.txt:1: class 7 exceeds the dataset's class count 2 (classes 0-1); line skipped", (d, m) -> scan(d, null, "7 0.5 0.5 0.1 0.1\n"));
    add("label class 1e30", s, null, "exceeds the dataset's class count 2 (classes 0-1); line skipped", (d, m) -> scan(d, null, "1e30 0.5 0.5 0.1 0.1\n"));
    add("label with 3 columns", s, null, "1.txt:1: 3 columns, expected 5 (cls cx cy w h) or a polygon", (d, m) -> scan(d, null, "0 0.5 0.5\n"));
    add("label with a word", s, null, "1.txt:1: column 3 'abc' is not a number; line skipped", (d, m) -> scan(d, null, "0 0.5 abc 0.1 0.1\n"));
    add("label file of binary junk", s, null, "1.txt:1: column 1", (d, m) -> scan(d, null, "\u0000\u0001\u0002\uFFFD\n"));
  }

  // ---- entry points

  private static String load(Path pt) throws Exception {
    Checkpoint.load(pt);
    return null;
  }

  private static String loadPickle(Path pkl) throws Exception {
    Checkpoint.loadPickle(pkl);
    return null;
  }

  private static String resolve(String data) {
    DataConfig.resolve(data);
    return null;
  }

  private static String model(String yaml) {
    DetectionModel.fromYaml(yaml, 0).close();
    return null;
  }

  private static String predict(Supplier<Yolo> model, Object source) {
    model.get().predict(source);
    return null;
  }

  /** Scans one image (a valid 32x32 PNG unless given) with a label file; returns the scan's messages. */
  private static String scan(Path dir, byte[] imageBytes, String label) {
    Path img = write(dir.resolve("images/1.png"), imageBytes != null ? imageBytes : image("png", 32, 32));
    write(dir.resolve("images/2.png"), image("png", 32, 32)); // a valid one, so the scan itself succeeds
    write(dir.resolve("labels/1.txt"), label);
    return String.join("\n", DatasetScanner.scan(List.of(img, dir.resolve("images/2.png")), 2, false, 1, "")
        .report().messages());
  }

  private static String laughs() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
      }
      y.append("]\n");
    }
    return y.append("train: t\nval: v\nnc: 1\n").toString();
  }

  /** A real deflate bomb: {@code mib} MiB of zeros as {@code archive/data.pkl}, a few hundred KiB on disk. */
  private static Path zeroBomb(Path file, int mib) throws Exception {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.setLevel(1);
      out.putNextEntry(new ZipEntry("archive/data.pkl"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < mib; i++) {
        out.write(zeros);
      }
      out.closeEntry();
    }
    return file;
  }
}
