package dev.yolojava.core.io;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a checkpoint stores besides the model: the kind (a final, stripped checkpoint as Ultralytics'
 * {@code strip_optimizer} leaves {@code best.pt}/{@code last.pt}, or a training checkpoint as {@code save_model}
 * writes {@code last.pt} every epoch), epoch, fitness, class names, training arguments and metrics, and for
 * training checkpoints the EMA update count and optimizer state. Build with {@link #finalCheckpoint()} or
 * {@link #training(int, Double)}.
 */
public final class CheckpointMeta {
  /** The Ultralytics version whose checkpoint format is written. */
  public static final String ULTRALYTICS_VERSION = "8.4.90";
  private static final DateTimeFormatter PYTHON_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private final boolean training;
  private final int epoch;
  private final Double bestFitness;
  private final List<String> names;
  private final Map<String, Object> trainArgs;
  private final Map<String, Object> trainMetrics;
  private final Map<String, Object> trainResults;
  private final Map<String, Object> yaml;
  private final String date;
  private final String version;
  private final Object optimizer;
  private final Integer updates;
  private final boolean half;

  private CheckpointMeta(Builder b) {
    this.training = b.training;
    this.epoch = b.epoch;
    this.bestFitness = b.bestFitness;
    this.names = b.names;
    this.trainArgs = b.trainArgs;
    this.trainMetrics = b.trainMetrics;
    this.trainResults = b.trainResults;
    this.yaml = b.yaml;
    this.date = b.date != null ? b.date : PYTHON_ISO.format(LocalDateTime.now().truncatedTo(ChronoUnit.MICROS));
    this.version = b.version;
    this.optimizer = b.optimizer;
    this.updates = b.updates;
    this.half = b.half;
  }

  /**
   * A final checkpoint: the model under {@code model}; {@code ema}, optimizer, updates and best fitness None and
   * epoch -1, as {@code strip_optimizer} leaves them.
   */
  public static Builder finalCheckpoint() {
    return new Builder(false, -1, null);
  }

  /**
   * A training checkpoint ({@code last.pt} after an epoch): the (EMA) model under {@code ema}, {@code model} None,
   * with the epoch just finished (0-based, as Ultralytics counts) and the best fitness so far (null if none).
   */
  public static Builder training(int epoch, Double bestFitness) {
    if (epoch < 0) {
      throw new IllegalArgumentException("training checkpoint epoch is " + epoch + "; expected >= 0");
    }
    return new Builder(true, epoch, bestFitness);
  }

  /** Builder of {@link CheckpointMeta}; every setter is optional. */
  public static final class Builder {
    private final boolean training;
    private final int epoch;
    private final Double bestFitness;
    private List<String> names;
    private Map<String, Object> trainArgs = Map.of();
    private Map<String, Object> trainMetrics = Map.of();
    private Map<String, Object> trainResults = Map.of();
    private Map<String, Object> yaml;
    private String date;
    private String version = ULTRALYTICS_VERSION;
    private Object optimizer;
    private Integer updates;
    private boolean half = true;

    private Builder(boolean training, int epoch, Double bestFitness) {
      this.training = training;
      this.epoch = epoch;
      this.bestFitness = bestFitness;
    }

    /** Class names by index; defaults to Ultralytics' {@code class0, class1, ...}. Must match the model's nc. */
    public Builder names(List<String> names) {
      this.names = List.copyOf(names);
      return this;
    }

    /** The training configuration (Ultralytics' {@code args}); plain values (String, numbers, Boolean, null). */
    public Builder trainArgs(Map<String, Object> args) {
      this.trainArgs = copy(args, "trainArgs");
      return this;
    }

    /** The last validation metrics, e.g. {@code metrics/mAP50-95(B)} and {@code fitness}. */
    public Builder trainMetrics(Map<String, Object> metrics) {
      this.trainMetrics = copy(metrics, "trainMetrics");
      return this;
    }

    /** The results table by column (Ultralytics' {@code read_results_csv}). */
    public Builder trainResults(Map<String, Object> results) {
      this.trainResults = copy(results, "trainResults");
      return this;
    }

    /**
     * The model YAML dict; when not given, the built-in family YAML of the model's name is used. It must describe
     * the saved model exactly (checked on write).
     */
    public Builder yaml(Map<String, Object> yaml) {
      this.yaml = copy(yaml, "yaml");
      return this;
    }

    /** Save time as Python's {@code datetime.isoformat()}; defaults to now. */
    public Builder date(String date) {
      this.date = Objects.requireNonNull(date, "date");
      return this;
    }

    /** The version recorded; defaults to {@link #ULTRALYTICS_VERSION}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Optimizer state of a training checkpoint: nested maps/lists of plain values and libtorch tensors (saved in
     * their own dtype), read back by our resume code.
     */
    public Builder optimizer(Object state) {
      requireTraining("optimizer state");
      this.optimizer = state;
      return this;
    }

    /** The EMA update count of a training checkpoint. */
    public Builder updates(int updates) {
      requireTraining("EMA updates");
      this.updates = updates;
      return this;
    }

    /** Store floating weights as float16 (the default, as Ultralytics) or as they are. */
    public Builder halfPrecision(boolean half) {
      this.half = half;
      return this;
    }

    public CheckpointMeta build() {
      return new CheckpointMeta(this);
    }

    private void requireTraining(String what) {
      if (!training) {
        throw new IllegalArgumentException(what + " is only saved in training checkpoints; final checkpoints set it"
            + " to None as strip_optimizer does");
      }
    }

    private static Map<String, Object> copy(Map<String, Object> m, String what) {
      Objects.requireNonNull(m, what);
      return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
  }

  /** True for a training checkpoint, false for a final one. */
  public boolean isTraining() {
    return training;
  }

  public int epoch() {
    return epoch;
  }

  /** Best fitness, null when None. */
  public Double bestFitness() {
    return bestFitness;
  }

  /** Class names; null when defaulted. */
  public List<String> names() {
    return names;
  }

  public Map<String, Object> trainArgs() {
    return trainArgs;
  }

  public Map<String, Object> trainMetrics() {
    return trainMetrics;
  }

  public Map<String, Object> trainResults() {
    return trainResults;
  }

  /** The given model YAML, or null to use the built-in one. */
  public Map<String, Object> yaml() {
    return yaml;
  }

  public String date() {
    return date;
  }

  public String version() {
    return version;
  }

  /** Optimizer state (training checkpoints), or null. */
  public Object optimizer() {
    return optimizer;
  }

  /** EMA updates (training checkpoints), or null. */
  public Integer updates() {
    return updates;
  }

  /** Whether floating weights are stored as float16. */
  public boolean half() {
    return half;
  }

  /** {@code names} as the {@code {index: name}} dict Ultralytics stores, checked against {@code nc}. */
  Map<Integer, String> namesDict(int nc) {
    List<String> n = names;
    if (n == null) {
      n = new ArrayList<>();
      for (int i = 0; i < nc; i++) {
        n.add("class" + i);
      }
    }
    if (n.size() != nc) {
      throw new IllegalArgumentException("checkpoint names has " + n.size() + " entries but the model has nc=" + nc);
    }
    Map<Integer, String> out = new LinkedHashMap<>();
    for (int i = 0; i < n.size(); i++) {
      out.put(i, n.get(i));
    }
    return out;
  }
}
