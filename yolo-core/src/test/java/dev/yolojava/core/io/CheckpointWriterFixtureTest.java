package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.nn.DetectionModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Re-saves the real Ultralytics checkpoints through our model and writer and compares the result with the original,
 * node by node: the object graph must be the one Ultralytics pickles, with the same fp16 values.
 */
class CheckpointWriterFixtureTest {
  /** Detect caches these after an inference (class attributes otherwise); torch.Size is the cached shape's class. */
  private static final Set<String> INFERENCE_CACHE = Set.of("anchors", "strides", "shape", "max_det");

  @TempDir static Path dir;
  private static final Map<String, Path> RESAVED = new HashMap<>();

  /** The fixture re-saved once per class run (building and loading a model takes seconds). */
  private static Checkpoint resave(String fixture) throws Exception {
    return Checkpoint.load(resavedFile(fixture));
  }

  private static synchronized Path resavedFile(String fixture) throws Exception {
    Path done = RESAVED.get(fixture);
    if (done != null) {
      return done;
    }
    Checkpoint original = Checkpoint.load(Fixtures.file(fixture));
    Path out = dir.resolve(fixture.replace("-synth.pt", "") + "/best.pt");
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(original.yaml(), 0);
      model.loadStateDict(original.stateDict());
      CheckpointMeta meta = CheckpointMeta.finalCheckpoint().names(original.names()).trainArgs(original.args())
          .trainMetrics(Values.toStringMap(original.root().get("train_metrics"), "train_metrics"))
          .date((String) original.root().get("date")).build();
      CheckpointWriter.write(out, model, meta);
    }
    RESAVED.put(fixture, out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth.pt", "yolo26n-synth.pt"})
  void modelGraphIsTheFixturesNodeForNode(String fixture) throws Exception {
    Checkpoint original = Checkpoint.load(Fixtures.file(fixture));
    Checkpoint saved = resave(fixture);
    assertThat(GraphDiff.of(saved, saved.model(), original, original.model(), INFERENCE_CACHE)).isEmpty();
    assertThat(saved.moduleTypes()).isEqualTo(original.moduleTypes());
    assertThat(saved.root().keySet()).containsExactlyElementsOf(original.root().keySet());
    assertThat(saved.stateDictRefs()).hasSameSizeAs(original.stateDictRefs());
    assertThat(saved.stateDictRefs().keySet()).containsExactlyElementsOf(original.stateDictRefs().keySet());
    for (String k : List.of("date", "version", "epoch", "best_fitness", "ema", "optimizer", "train_metrics")) {
      assertThat(saved.root().get(k)).as(k).isEqualTo(original.root().get(k));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth.pt", "yolo26n-synth.pt"})
  void sameClassesAndStorageTypesAsTheFixture(String fixture) throws Exception {
    Checkpoint original = Checkpoint.load(Fixtures.file(fixture));
    Checkpoint saved = resave(fixture);
    assertThat(classes(saved.model(), new TreeSet<>())).isEqualTo(classes(original.model(), new TreeSet<>()));
    Set<StorageType> types = new TreeSet<>();
    saved.stateDictRefs().values().forEach(r -> types.add(r.storage().type()));
    assertThat(types).containsExactly(StorageType.HALF, StorageType.LONG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth.pt", "yolo26n-synth.pt"})
  void cpythonUnpicklesTheSameTreeAndGlobals(String fixture) throws Exception {
    Path saved = resavedFile(fixture);
    Path original = Fixtures.file(fixture);
    List<String> globals = PythonStub.run(saved, "--globals");
    List<String> expected = PythonStub.run(original, "--globals").stream()
        .filter(g -> !g.equals("torch.Size")).toList();
    assertThat(globals).isEqualTo(expected).contains("ultralytics.nn.modules.head.Detect", "torch.HalfStorage");

    String skip = String.join(",", INFERENCE_CACHE);
    List<String> tree = modelLines(PythonStub.run(saved, "--skip", skip));
    List<String> expectedTree = modelLines(PythonStub.run(original, "--skip", skip));
    assertThat(tree).hasSizeGreaterThan(5000).isEqualTo(expectedTree);
  }

  private static List<String> modelLines(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("root['model']")).toList();
  }

  private static Set<String> classes(Object v, Set<String> out) {
    if (v instanceof PyObject o) {
      out.add(o.type().qualifiedName());
      o.attributes().values().forEach(x -> classes(x, out));
    } else if (v instanceof Map<?, ?> m) {
      m.values().forEach(x -> classes(x, out));
    }
    return out;
  }
}
