package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.loss.DetectionLoss;
import dev.yolojava.core.loss.LossHyperParameters;
import dev.yolojava.core.loss.LossResult;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.optim.FlatGrads;
import dev.yolojava.core.optim.GradClip;
import dev.yolojava.core.optim.GradScaler;
import dev.yolojava.core.optim.GradientAccumulation;
import dev.yolojava.core.optim.LrSchedule;
import dev.yolojava.core.optim.ModelEma;
import dev.yolojava.core.optim.OptimizerChoice;
import dev.yolojava.core.optim.Optimizers;
import dev.yolojava.core.optim.ParamGroup;
import dev.yolojava.core.optim.TrainOptimizer;
import dev.yolojava.core.optim.Warmup;
import dev.yolojava.core.parallel.DistGroup;
import dev.yolojava.core.parallel.GradientReducer;
import dev.yolojava.cuda.Autocast;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.DevicePrefetcher;
import dev.yolojava.data.loader.LoaderOptions;
import dev.yolojava.runtime.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' detection training loop ({@code BaseTrainer._do_train}): warmup of lr, momentum and accumulation,
 * linear or cosine lr per epoch, AMP with a {@link GradScaler}, gradient clipping at norm 10, EMA, validation of the
 * EMA model each epoch, {@code results.csv}, {@code last.pt}/{@code best.pt}, early stopping, and {@code close_mosaic}.
 *
 * <p>Not thread-safe: one training run per instance.
 */
public final class Trainer {
  /** Eager steps before the model's step is captured as CUDA graphs (cuDNN and cuBLAS set up their plans first). */
  static final int CAPTURE_AFTER = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private YoloModel model; // the data's class count and names: the given model, or its rebuild (owned here)
  private YoloArgs args;
  private ResumeState resume;
  private final TrainCallbacks callbacks;
  private final boolean userCallbacks;
  private DistGroup dist;
  private LossProbe lossProbe;
  private boolean frozenBatchNorm;
  private boolean syncBatchNorm;

  /** Test seam: sees each batch's total loss before the non-finite check and may replace its value. */
  interface LossProbe {
    double apply(int epoch, int batch, Tensor total);
  }

  /** Package-private so tests can poison chosen batches' losses in a real run. */
  /**
   * For tests comparing data-parallel ranks with one rank: the model trains in eval mode, so BatchNorm normalises
   * with its running statistics instead of each rank's batch statistics (the one difference left between them; the
   * head behaves the same in both modes while training).
   */
  Trainer withFrozenBatchNorm() {
    this.frozenBatchNorm = true;
    return this;
  }

  /** SyncBatchNorm on a multi-rank run, as {@code -Dyolo.dist.syncBatchNorm=true} asks for it. */
  Trainer withSyncBatchNorm() {
    this.syncBatchNorm = true;
    return this;
  }

  Trainer withLossProbe(LossProbe probe) {
    this.lossProbe = probe;
    return this;
  }

  private GradientProbe gradientProbe;

  /** Test seam: sees the trainable parameters after backward, before clipping, and may change their gradients. */
  interface GradientProbe {
    void apply(int epoch, int batch, java.util.List<Tensor> params);
  }

  /** Package-private so tests can poison chosen steps' gradients in a real run. */
  Trainer withGradientProbe(GradientProbe probe) {
    this.gradientProbe = probe;
    return this;
  }

  public Trainer(YoloModel model, YoloArgs args, TrainCallbacks callbacks) {
    model.requireTask("train", "detect", "pose", "segment");
    this.model = model;
    this.args = args;
    this.callbacks = callbacks == null ? TrainCallbacks.none() : callbacks;
    this.userCallbacks = callbacks != null;
  }

  /**
   * Makes this trainer one rank of a data-parallel job (see {@link Training}):
   * {@code batch} is then the global batch, split over the ranks; gradients are summed over the ranks before each
   * optimizer step; rank 0's initial weights are broadcast; only rank 0 writes the run directory and calls back.
   */
  public Trainer withDistGroup(DistGroup group) {
    this.dist = group;
    return this;
  }

  private boolean isMain() {
    return dist == null || dist.rank() == 0;
  }

  /** Runs the whole training and returns where the run went and the final metrics. */
  public TrainResult train() {
    if (args.resume()) {
      // Ultralytics resumes with the run's own arguments; only where it runs may change.
      // resume=path/to/last.pt names the run itself; resume=True resumes model=path/to/last.pt
      String last = args.get("resume") instanceof String path ? path : args.model().orElseThrow(
          () -> new IllegalArgumentException("resume=True needs model=path/to/last.pt of the run to resume"));
      resume = ResumeState.load(Path.of(last));
      YoloArgs saved = YoloArgs.of(resume.ckpt.trainArgs());
      Map<String, Object> keep = new LinkedHashMap<>();
      keep.put("resume", true);
      keep.put("model", last);
      args.device().ifPresent(d -> keep.put("device", d));
      keep.put("workers", args.workers());
      args = saved.merge(keep);
      checkArgument(resume.startEpoch < args.epochs(), "resume: %s has trained all %s epochs of its run; nothing to"
          + " resume. Fine-tune from it instead: model=%s without resume", last, args.epochs(), last);
      LOG.info("Resuming training from {} at epoch {} of {}", last, resume.startEpoch + 1, args.epochs());
    }
    // every entry point (API, CLI, ranks) reports running out of memory with the batch and image size of the run,
    // a resumed run's own ones included
    return YoloOutOfMemoryException.guard("train", args.batch().intValue(), args.imgsz()[0], this::trainResolved);
  }

  /** The training itself, once a resume has put the run's own arguments in {@link #args}. */
  private TrainResult trainResolved() {
    List<Device> devices = Device.parse(args.device().orElse("")).requireAvailable().split();
    // a rank drives the GPU at its local rank in the device list (one-GPU lists and the CPU are shared)
    Device device = dist == null || devices.size() == 1 ? devices.get(0) : devices.get(dist.env().localRank());
    checkArgument(args.data().isPresent(), "train: 'data' is not set: expected a data.yaml path or 'synthetic'");
    DataConfig data = DataConfig.resolve(args.data().get());
    YoloModel given = model;
    // another class count: the head rebuilt, the rest transferred; single_cls trains one class 'item' (Ultralytics)
    model = given.forTraining(args.singleCls() ? List.of("item") : data.names(), data.keypoints());
    try {
      return trainOn(device, data);
    } finally {
      // Ultralytics' teardown (unset_deterministic): predict and val after training run without deterministic mode
      dev.yolojava.runtime.TorchDefaults.deterministic(false);
      if (model != given) {
        model.close(); // the run's checkpoints hold its weights
        model = given;
      }
    }
  }

  private TrainResult trainOn(Device device, DataConfig data) {
    // Ultralytics trains square images of a stride multiple, at least one stride (check_imgsz with floor=stride)
    int stride = model.maxStride();
    int imgsz = dev.yolojava.core.cfg.ImgszCheck.check(args.imgsz()[0], stride, stride);
    if (imgsz != args.imgsz()[0]) {
      args = args.with("imgsz", imgsz); // the run's args.yaml, its validation and its checkpoints carry the size used
    }
    boolean autoBatch = args.autoBatch();
    if (autoBatch && dist != null) { // Ultralytics' refusal, word for word
      throw new IllegalArgumentException("AutoBatch with batch<1 not supported for Multi-GPU training, please specify"
          + " a valid batch size, i.e. batch=16");
    }
    int batch = autoBatch ? AutoBatch.DEFAULT_BATCH : args.batch().intValue();
    int epochs = args.epochs();
    long seed = args.seed();
    dev.yolojava.runtime.TorchDefaults.deterministic(args.deterministic());
    synchronized (DetectionModel.RANDOM_INIT) { // rank threads share the CPU generator: seed and draw as one step
      torch.manual_seed(dist == null ? seed : seed + dist.rank());
      if (resume == null && model.reinitialiseIfFresh()) {
        torch.manual_seed(dist == null ? seed : seed + dist.rank());  // the rest of the run draws as before
      }
    }
    int world = dist == null ? 1 : dist.worldSize();
    checkArgument(batch % world == 0, "train: batch %s is not a multiple of the %s ranks", batch, world);
    TrainRun run = null;
    if (isMain()) {
      Path saveDir = resume != null && args.saveDir().isPresent() ? Path.of(args.saveDir().get())
          : TrainRun.saveDir(args);
      run = TrainRun.create(saveDir, args, model.names());
    }

    model.to(device);
    DetectionModel net = model.net();
    transferWeights(net);
    freezeLayers(net);
    if (dist != null && (syncBatchNorm || Boolean.getBoolean("yolo.dist.syncBatchNorm"))) {
      // opt-in (Ultralytics' DDP keeps BatchNorm per rank): the ranks then compute the one-rank step
      net.syncBatchNorm(new dev.yolojava.core.nn.BatchNormSync(t -> {
        dist.allReduceSum(t);
        return t;
      }));
      LOG.info("SyncBatchNorm: BatchNorm normalises over the global batch of all {} ranks", dist.worldSize());
    }
    if (autoBatch) {
      batch = autoBatch(net, device, data, imgsz);
      args = args.with("batch", batch); // the checkpoints' train_args carry the batch used, as Ultralytics'
    }
    if (dist != null) {
      GradientReducer.broadcastFromRank0(dist,
          List.copyOf(dev.yolojava.core.nn.StateDicts.of(net).values()));
    }
    FastPath fast = FastPath.forDevice(device);
    fast.prepare(net);
    CacheMode cache = CacheMode.parse(args.cache().orElse("none"));
    int workers = Math.max(1, args.workers());
    try (YoloDataset trainDs = YoloDataset.open(data, Split.TRAIN, labelsFor(data,
            DatasetOptions.of(imgsz).withCache(cache).withSingleCls(args.singleCls()).withFraction(args.fraction())
                .withClasses(args.classes())));
        YoloDataset valDs = YoloDataset.open(data, Split.VAL, labelsFor(data,
            DatasetOptions.of(imgsz).withSingleCls(args.singleCls()).withClasses(args.classes())));
        DataLoader loader = DataLoader.train(trainDs, augment(args),
            LoaderOptions.train(batch / world, workers).withSeed(seed).withShard(dist == null ? 0 : dist.rank(),
                world).withRenderOnDevice(renderOnDevice(device)))) {
      if (segment(net)) {
        loader.withMasks(args.overlapMask(), args.maskRatio()); // Ultralytics' Format(return_mask=True)
      }
      if (decodeOnGpu(device, trainDs.cacheMode())) {
        loader.decodeJpegsOn(device);
      }
      if (args.plots() && run != null) {
        Path runDir = run.saveDir();
        plot("labels.jpg", () -> dev.yolojava.data.plot.LabelsPlot.save(trainDs.labels(), trainDs.names(), runDir));
      }
      Loop loop = new Loop(run, net, device, loader, valDs, batch, epochs, fast);
      TrainResult result;
      try {
        loop.restoreIfResuming();
        result = loop.run();
      } catch (RuntimeException | Error e) {
        try {
          loop.release();
        } catch (RuntimeException | Error r) {
          e.addSuppressed(r); // the training's failure is the one to report
        }
        if (run != null) {
          run.closeQuietly();
        }
        throw e;
      }
      try {
        loop.release();
      } finally {
        if (run != null) {
          run.close();
        }
      }
      return result;
    }
  }

  /**
   * Whether training leaves its JPEGs to the GPU's JPEG engines ({@code -Dyolo.loader.decode=cpu|nvjpeg}, default
   * cpu; nvjpeg applies on CUDA when images are read from files, where the device has such an engine). Same pixels
   * either way ({@code DataLoader#decodeJpegsOn}). OpenCV stays the default: on the 16-core H100 machine its workers
   * outpace a training step, and the GPU's decoding slowed training (no cache, identical losses: yolov8n 1,331-1,348
   * against 1,460-1,495 img/s, yolo26n 1,052 against 1,098); nvjpeg is for hosts whose cores cannot keep up (on 12
   * cores the loader gives 5,080 img/s with it, 2,907 without).
   */
  static boolean decodeOnGpu(Device device, CacheMode cache) {
    String how = System.getProperty("yolo.loader.decode", "cpu");
    checkArgument(how.equals("cpu") || how.equals("nvjpeg"), "yolo.loader.decode is '%s', expected cpu or nvjpeg",
        how);
    // only batches rendered on the device and read from files leave JPEGs encoded
    return device.isCuda() && cache == CacheMode.NONE && renderOnDevice(device) && how.equals("nvjpeg");
  }

  /**
   * Whether the loader's workers only decode and the GPU renders mosaic, warp, HSV and flips (the default on CUDA:
   * the CPU pipeline is the limit there); {@code -Dyolo.loader.render=cpu} keeps it all on the CPU.
   */
  static boolean renderOnDevice(Device device) {
    String how = System.getProperty("yolo.loader.render", "auto");
    checkArgument(how.equals("auto") || how.equals("cpu") || how.equals("device"),
        "yolo.loader.render is '%s', expected auto, cpu or device", how);
    return how.equals("device") || (how.equals("auto") && device.isCuda());
  }

  /**
   * {@code pretrained=path.pt}: copies the checkpoint's tensors whose name and shape match (Ultralytics'
   * {@code intersect_dicts}), so a model with another {@code nc} starts from the rest of the weights.
   */
  private void transferWeights(DetectionModel net) {
    Object p = args.get("pretrained");
    if (resume == null && p instanceof String path && path.endsWith(".pt")) {
      try {
        var report = net.loadStateDictLenient(dev.yolojava.core.io.Checkpoint.load(Path.of(path)).stateDict());
        LOG.info("{} from pretrained weights {}", report, path);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("pretrained: cannot read " + path, e);
      }
    }
  }

  /**
   * {@code freeze=N} (the first N layers) or {@code freeze=[i, j]} (those layers): their parameters get no
   * gradient; the DFL's fixed weights are always frozen, as in Ultralytics.
   */
  private void freezeLayers(DetectionModel net) {
    Object f = args.get("freeze");
    java.util.Set<String> prefixes = new java.util.HashSet<>();
    if (f instanceof Number n) {
      for (int i = 0; i < n.intValue(); i++) {
        prefixes.add("model." + i + ".");
      }
    } else if (f instanceof List<?> l) {
      l.forEach(i -> prefixes.add("model." + i + "."));
    }
    if (prefixes.isEmpty()) {
      return;
    }
    int frozen = 0;
    for (Map.Entry<String, Tensor> e : dev.yolojava.core.nn.StateDicts.parameters(net).entrySet()) {
      if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
        e.getValue().requires_grad_(false);
        frozen++;
      }
    }
    LOG.info("Freezing {} parameter tensors of layers {}", frozen, f);
  }

  /** A plot that cannot be drawn (no fonts in a slim JRE, a full disk) is worth a warning, not the run. */
  private static void plot(String what, PlotAction action) {
    try {
      action.run();
    } catch (java.io.IOException | java.io.UncheckedIOException | LinkageError e) {
      LOG.warn("{} not drawn: {}", what, e.toString());
    }
  }

  @FunctionalInterface
  private interface PlotAction {
    void run() throws java.io.IOException;
  }

  /** The augmentation keys of the args (Ultralytics' names), for the training loader. */
  private static AugmentConfig augment(YoloArgs args) {
    Map<String, Object> m = new LinkedHashMap<>();
    args.asMap().forEach((k, v) -> {
      if (AugmentConfig.KEYS.contains(k) && v != null) {
        m.put(k, v);
      }
    });
    return AugmentConfig.fromMap(m);
  }

  private static boolean segment(DetectionModel net) {
    return net.task().equals("segment");
  }

  /** How the model's labels are read: a pose model's as keypoint labels of the data's (and its) kpt_shape. */
  private DatasetOptions labelsFor(DataConfig data, DatasetOptions options) {
    int[] kpt = model.net().kptShape();
    return kpt == null ? options : PoseValidation.options(kpt, data, options);
  }

  /**
   * {@code batch=-1} or a fraction: AutoBatch sized for the largest image multi_scale draws, with the training set's
   * most labels per image (times 4 for mosaic) and its size.
   */
  private int autoBatch(DetectionModel net, Device device, DataConfig data, int imgsz) {
    int maxObjects = 0;
    int size;
    try (YoloDataset probe = YoloDataset.open(data, Split.TRAIN, labelsFor(data, DatasetOptions.of(imgsz)
        .withSingleCls(args.singleCls()).withFraction(args.fraction()).withClasses(args.classes())))) {
      for (var l : probe.labels()) {
        maxObjects = Math.max(maxObjects, l.size());
      }
      size = probe.size();
    }
    return AutoBatch.choose(net, device, (int) (imgsz * (1 + args.multiScale())), args.amp() && device.isCuda(),
        AutoBatch.fraction(args.batch().doubleValue()), maxObjects * 4, size, cudaGraphsWanted(device));
  }

  /**
   * Whether training captures its step as CUDA graphs (given one gradient buffer): one GPU, one rank, one batch
   * shape (no multi_scale), not switched off with {@code -Dyolo.train.cudaGraphs=false}.
   */
  private boolean cudaGraphsWanted(Device device) {
    return device.isCuda() && dist == null && args.multiScale() == 0
        && Boolean.parseBoolean(System.getProperty("yolo.train.cudaGraphs", "true"));
  }

  /**
   * {@code cls_pw}: inverse-frequency BCE weights from the training labels' class counts, logged as Ultralytics logs
   * them; null for {@code cls_pw=0}.
   */
  private static double[] classWeights(YoloDataset train, int nc, double pw) {
    long[] counts = new long[nc];
    for (var l : train.labels()) {
      for (float c : l.cls()) {
        counts[(int) c]++;
      }
    }
    double[] w = LossHyperParameters.classWeights(counts, pw);
    if (w != null) {
      StringBuilder sb = new StringBuilder();
      for (double x : w) {
        sb.append(sb.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.3f", x));
      }
      LOG.info("Class weights: [{}]", sb);
    }
    return w;
  }

  /** The state of one run. */
  private final class Loop {
    final TrainRun run;
    final DetectionModel net;
    final Device device;
    final DataLoader loader;
    final YoloDataset valDs;
    final int batch;
    int epochs; // time= re-plans it from the epochs' mean duration
    final int nb;
    final boolean amp;
    final DetectionLoss loss;
    final List<String> lossNames; // the loss items' names, as Ultralytics' loss_names
    final int nkpt; // keypoints per object of a pose model, else 0
    final TrainOptimizer optimizer;
    LrSchedule schedule;
    final Warmup warmup;
    final MultiScale multiScale; // multi_scale > 0: each batch at a random size, else null
    final GradScaler scaler;
    final ModelEma ema;
    final FlatGrads flatGrads;
    final boolean ownGrads; // attached here rather than by the optimizer
    final DetectionModel evalNet;
    final GradientAccumulation accumulation;
    final FastPath fast;
    final GradientReducer reducer;
    // the model's forward and backward as CUDA graphs (single-GPU CUDA training with shared gradient buffers);
    // captured after CAPTURE_AFTER eager steps, then replayed for every batch of the captured shape
    boolean graphs;
    CapturedStep captured;
    int eagerSteps;
    double bestFitness = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;

    Loop(TrainRun run, DetectionModel net, Device device, DataLoader loader, YoloDataset valDs, int batch,
        int epochs, FastPath fast) {
      this.run = run;
      this.fast = fast;
      this.net = net;
      this.device = device;
      this.loader = loader;
      this.valDs = valDs;
      this.batch = batch;
      this.epochs = epochs;
      this.nb = loader.numBatches();
      this.amp = args.amp() && device.isCuda();
      this.loss = DetectionLoss.forModel(net,
          LossHyperParameters.fromArgs(args.asMap()).withClassWeights(classWeights(loader.dataset(), net.nc(), args.clsPw())),
          args.overlapMask());
      this.lossNames = loss.itemNames();
      this.nkpt = net.kptShape() == null ? 0 : net.kptShape()[0];
      if (run != null) {
        run.resultsColumns(ResultsCsv.columns(lossNames, metricKeys(net)));
      }
      normaliseAcrossRanks(true);
      int nbs = args.nbs();
      this.accumulation = new GradientAccumulation(nbs, batch);
      double decay = GradientAccumulation.scaledWeightDecay(args.weightDecay(), batch * accumulation.accumulate(), nbs);
      long iterations = OptimizerChoice.iterations(loader.dataset().size(), batch, nbs, epochs);
      OptimizerChoice choice = OptimizerChoice.resolve(args.optimizer(), args.lr0(), args.momentum(), net.nc(),
          iterations);
      Optimizers.Built built = Optimizers.build(net, choice, decay, FastPath.flatOptimizer());
      if (choice.auto()) { // Ultralytics' notice: lr0 and momentum given with optimizer=auto are not used
        LOG.info("optimizer: 'optimizer=auto' found, ignoring 'lr0={}' and 'momentum={}' and determining best"
            + " 'optimizer', 'lr0' and 'momentum' automatically... ", args.lr0(), args.momentum());
      }
      LOG.info("optimizer: {}", built.summary());
      TrainOptimizer opt = built.optimizer();
      this.optimizer = opt;
      FlatGrads attached = null;
      try { // what this constructor opens is closed again if it fails half-way
        this.schedule = LrSchedule.of(args.cosLr(), epochs, args.lrf());
        this.warmup = new Warmup(Warmup.iterations(args.warmupEpochs(), nb), choice.warmupBiasLr(args.warmupBiasLr()),
            args.warmupMomentum(), args.momentum(), nbs, batch);
        this.scaler = new GradScaler(amp);
        // every trainable parameter's gradient in one buffer: unscale, clip and zeroing become single ops (a flat
        // optimizer keeps its own, with the parameters' data and its state in buffers alike)
        List<Tensor> trainable = optimizer.parameters().stream().filter(Tensor::requires_grad).toList();
        FlatGrads shared = Optimizers.flatGrads(optimizer);
        this.ownGrads = shared == null && FlatGrads.supports(trainable);
        attached = ownGrads ? FlatGrads.attach(trainable) : null;
        this.flatGrads = shared != null ? shared : attached;
        scaler.useFlatGrads(flatGrads);
        this.ema = new ModelEma(net);
        this.reducer = dist == null ? null : new GradientReducer(dist,
            optimizer.parameters(), GradientReducer.DEFAULT_BUCKET_BYTES);
        this.multiScale = args.multiScale() > 0 ? new MultiScale(args.multiScale(), args.imgsz()[0],
            Math.max(32, java.util.Arrays.stream(net.strides()).max().orElse(32)),
            dist == null ? args.seed() : args.seed() + dist.rank()) : null;
        // a captured step replays the box and class outputs only: task heads (keypoints, masks) train eagerly
        this.graphs = cudaGraphsWanted(device) && flatGrads != null && net.task().equals("detect");
        this.evalNet = DetectionModel.fromConfig(net.config());
        evalNet.to(device.toTorch(), torch.ScalarType.Float, false);
      } catch (RuntimeException | Error e) {
        try {
          if (attached != null) {
            attached.close();
          }
        } finally {
          opt.close();
        }
        throw e;
      }
    }

    /**
     * Data-parallel steps normalise the loss over the global batch (see {@link DetectionLoss#acrossRanks}): the ranks'
     * summed gradients are then a one-rank run's with the same global batch. Validation turns it off: its shards
     * may differ in batch count.
     */
    private void normaliseAcrossRanks(boolean on) {
      if (dist != null) {
        loss.acrossRanks(on ? t -> {
          dist.allReduceSum(t);
          return t;
        } : null, dist.worldSize());
      }
    }

    /** Puts back what the interrupted run saved, so the remaining epochs continue it (when resuming). */
    void restoreIfResuming() {
      if (resume != null) {
        restore();
      }
    }

    private void restore() {
      Map<String, Tensor> weights = resume.weights();
      net.loadStateDict(weights);
      ema.load(weights, resume.emaUpdates);
      try (var state = resume.optimizer()) {
        optimizer.importState(state);
      }
      scaler.loadStateDict(resume.scaler());
      if (loss instanceof dev.yolojava.core.loss.E2EDetectionLoss e2e) {
        e2e.resume(resume.startEpoch);
      }
      bestFitness = resume.bestFitness;
      bestEpoch = resume.startEpoch - 1;
      if (run != null) {
        run.results().truncateFrom(resume.startEpoch + 1);
      }
    }

    /** The step captured as CUDA graphs, or null (then training stays eager) when capturing failed. */
    private CapturedStep captureOrNull(Tensor x) {
      try {
        CapturedStep c = CapturedStep.capture(net, x, device, amp);
        LOG.info("model forward and backward captured as CUDA graphs for {} batches",
            java.util.Arrays.toString(x.sizes().vec().get()));
        return c;
      } catch (RuntimeException e) { // out of memory for the graphs' pool, say: nothing ran, so eager is safe
        LOG.warn("training stays eager: capturing the step as CUDA graphs failed: {}", e.toString());
        graphs = false;
        return null;
      }
    }

    /** Frees the gradient buffer and the optimizer's state; the parameters are left without gradients. */
    void release() {
      try {
        if (captured != null) {
          captured.close(); // before the gradient buffers: its graphs write into them
          captured = null;
        }
        if (ownGrads) {
          flatGrads.close();
        }
      } finally {
        try {
          scaler.close();
        } finally {
          optimizer.close();
        }
      }
    }

    TrainResult run() {
      if (isMain()) {
        callbacks.onTrainStart(run.saveDir());
      }
      LOG.info("Starting training for {} epochs, batch {}, {} batches per epoch on {} ({}); logging to {}", epochs,
          batch, nb, device, fast, run == null ? "rank 0" : run.saveDir());
      long lastOptStep = -1;
      ValidationResult last = null;
      int patience = args.patience();
      long tStart = System.nanoTime();
      int startEpoch = resume == null ? 0 : resume.startEpoch;
      NonFiniteGuard nonFinite = new NonFiniteGuard();
      StepProfile profile = StepProfile.fromSystemProperty(device.isCuda());
      for (int epoch = startEpoch; epoch < epochs; epoch++) {
        long tEpoch = System.nanoTime();
        schedule.apply(epoch, optimizer.groups());
        if (epoch == epochs - args.closeMosaic() && args.closeMosaic() > 0) {
          LOG.info("Closing dataloader mosaic");
          loader.closeMosaic();
        }
        loader.setEpoch(epoch);
        net.train(true);
        if (frozenBatchNorm) {
          net.eval(); // BatchNorm then normalises with its running statistics (see withFrozenBatchNorm)
        }
        double[] tloss = new double[lossNames.size()];
        int seen = 0;
        long skippedBefore = scaler.skippedSteps();
        int i = 0;
        Tensor lossSum = null;
        int lossBatches = 0;
        // on a terminal, a bar per epoch with the running losses (read from the device only when redrawn)
        Tensor[] shown = new Tensor[1];
        int[] shownCount = {0, 0}; // batches in the running losses, instances of the last batch
        Supplier<String> status = () -> trainStatus(shown[0], shownCount[0], shownCount[1]);
        // a thread of its own moves (and, on CUDA, renders) the next batches while this one trains
        try (DevicePrefetcher batches = new DevicePrefetcher(loader.iterator(), device, 2);
            ProgressBar bar = isMain() ? ProgressBar.terminalOnly(String.format(Locale.ROOT, "%d/%d", epoch + 1,
                epochs), nb) : ProgressBar.silent()) {
          while (batches.hasNext()) {
            long ni = i + (long) nb * epoch;
            profile.start();
            if (warmup.active(ni)) {
              accumulation.setAccumulate(warmup.accumulate(ni));
              warmup.apply(ni, schedule.factor(epoch), optimizer);
            }
            try (PointerScope scope = new PointerScope(); Batch b = batches.next()) {
              profile.mark("data");
              if (args.plots() && isMain() && i < 3 && (epoch == startEpoch || epoch == epochs - args.closeMosaic())) {
                // as Ultralytics: the first three batches, and again when close_mosaic switches augmentation off
                Path file = run.saveDir().resolve("train_batch" + ni + ".jpg");
                plot(file.getFileName().toString(), () -> {
                  try (Batch host = b.to(new org.bytedeco.pytorch.Device("cpu"), false)) {
                    dev.yolojava.data.plot.BatchPlotter.write(host, loader.dataset().names(), file);
                  }
                });
              }
              Tensor img = b.images().to(torch.ScalarType.Float).div_(new org.bytedeco.pytorch.Scalar(255.0));
              if (multiScale != null) {
                img = multiScale.apply(img);
              }
              DetectOutput out;
              Tensor x = fast.input(img);
              if (graphs && captured == null && eagerSteps >= CAPTURE_AFTER) {
                captured = captureOrNull(x);
              }
              CapturedStep replay = captured != null && captured.fits(x) ? captured : null;
              if (replay != null) {
                out = replay.forward(x);
              } else {
                try (Autocast ac = Autocast.enter(device, amp, torch.ScalarType.Half)) {
                  out = net.forwardRaw(x);
                }
                eagerSteps++;
              }
              profile.mark("forward");
              // The loss runs in fp32: the assigner's align metric (score^0.5 * IoU^6) and CIoU underflow in fp16.
              Tensor[] ht = b.hostTargets(); // padded per image on the host: no wait for the GPU
              LossResult lr = loss.compute(amp ? LossInputs.toFloat(out) : out,
                  BatchTargets.of(b, ht[0], ht[1], ht[2], nkpt).withMasks(b.masks()));
              profile.mark("loss");
              // without AMP nothing else skips a NaN/inf step: skip it here (one host sync per batch, fp32 only)
              // (under AMP the scaler skips such steps on its own: no read here, so nothing waits for the GPU)
              double total = lossProbe != null ? lossProbe.apply(epoch, i, lr.total())
                  : amp ? 0.0 : lr.total().item_double();
              if (!amp && !nonFinite.accept(total, epoch, i)) {
                i++; // a skipped batch stays out of the epoch's mean loss, but callbacks still see it
                if (isMain()) {
                  callbacks.onBatchEnd(epoch, i, nb);
                }
                bar.step(1, status);
                continue;
              }
              scaler.scale(lr.total()).backward();
              if (replay != null) {
                replay.backward(); // the loss's backward stopped at the head outputs: the model's follows
              }
              profile.mark("backward");
              Tensor items = lr.items().detach();
              if (lossSum == null) {
                lossSum = items.clone();
                lossSum.retainReference();
              } else {
                lossSum.add_(items);
              }
              lossBatches++;
              if (ni - lastOptStep >= accumulation.accumulate()) {
                if (reducer != null) {
                  reducer.sumGradients(); // each rank's loss is its share of the global batch's: the sum is its gradient
                }
                scaler.unscale(optimizer);
                if (gradientProbe != null) {
                  gradientProbe.apply(epoch, i, optimizer.parameters());
                }
                Tensor norm = flatGrads != null
                    ? GradClip.clipGradNorm(flatGrads, GradClip.ULTRALYTICS_MAX_NORM)
                    : GradClip.clipGradNorm(optimizer.parameters(), GradClip.ULTRALYTICS_MAX_NORM);
                // without AMP nothing else stops a NaN gradient: the clip spreads it to every gradient and the step
                // to every weight. Skip such a step (fp32 only: one host read per optimizer step, as for the loss)
                boolean stepOk = amp || nonFinite.acceptGradients(norm.item_double(), epoch, i);
                if (stepOk) {
                  scaler.step(optimizer); // skips inf/NaN steps; a flat optimizer decides that on the device
                  scaler.update();
                } else {
                  LOG.warn("epoch {} batch {}: the gradients' norm is {}: optimizer step skipped", epoch + 1, i + 1,
                      norm.item_double());
                }
                if (flatGrads != null) {
                  flatGrads.zero();
                } else {
                  optimizer.zeroGrad();
                }
                profile.mark("optimizer");
                if (stepOk) {
                  ema.update(net);
                }
                profile.mark("ema");
                lastOptStep = ni;
              }
              seen += b.size();
              shown[0] = lossSum;
              shownCount[0] = lossBatches;
              shownCount[1] = b.targets();
            }
            i++;
            if (isMain()) {
              callbacks.onBatchEnd(epoch, i, nb);
            }
            bar.step(1, status);
          }
        }
        if (dist != null) {
          tloss = jobMeanLoss(lossSum, lossBatches); // every rank takes part, even one whose batches were all skipped
        } else if (lossSum != null) {
          for (int k = 0; k < tloss.length; k++) {
            tloss[k] = lossSum.get(k).item_double() / Math.max(1, lossBatches);
          }
        }
        if (lossSum != null) {
          lossSum.releaseReference();
        }
        loss.updateEpoch();
        double trainSeconds = (System.nanoTime() - tEpoch) / 1e9;
        // something that dropped or replaced a gradient would leave unscale/clip/zero working on a stale buffer
        checkState(ownGrads ? flatGrads.intact() : Optimizers.flatIntact(optimizer), // a flat one checks its grads
            "a parameter's gradient or data no longer lives in the shared buffers (was zero_grad(set_to_none) "
                + "called, or a parameter replaced, during training?)");
        if (profile.enabled() && isMain()) {
          LOG.info(profile.drainJson(epoch + 1));
          String lossJson = dev.yolojava.core.loss.LossProfile.drainJson();
          if (lossJson != null) {
            LOG.info(lossJson);
          }
          String layerJson = dev.yolojava.core.nn.LayerProfile.drainJson();
          if (layerJson != null) {
            LOG.info(layerJson);
          }
        }
        if (isMain()) {
          callbacks.onTrainEpochEnd(epoch);
        }
        boolean timeUp = replanForTime(epoch, startEpoch, tStart);
        boolean finalEpoch = epoch + 1 >= epochs || timeUp;
        // Ultralytics validates every epoch when val=True, else only the final one (earlier rows repeat the last).
        boolean validated = args.val() || finalEpoch || last == null;
        if (validated) {
          last = validate(finalEpoch);
          if (isMain()) {
            callbacks.onValEnd(epoch, last.metrics());
          }
        }
        double fitness = last.fitness();
        double[] lrs = optimizer.groups().stream().mapToDouble(ParamGroup::lr).limit(3).toArray();
        double[] row = resultsRow((System.nanoTime() - tStart) / 1e9, tloss, last, lrs);
        if (isMain()) {
          run.results().append(epoch + 1, row);
          if (args.plots()) { // redrawn each epoch, as Ultralytics
            plot("results.png", () -> dev.yolojava.core.metrics.ResultsPlot.save(run.results().file()));
          }
        }
        boolean improved = validated && (fitness > bestFitness || bestEpoch < 0);
        if (improved) {
          bestFitness = fitness;
          bestEpoch = epoch;
        }
        // save=False keeps only the final epoch's checkpoints, as Ultralytics (best.pt only if that epoch is the best)
        if (isMain() && (args.save() || finalEpoch)) {
          if (!validated) {
            ema.copyTo(evalNet); // last.pt holds this epoch's EMA weights, validated or not
          }
          run.save(evalNet, ema, optimizer, scaler, epoch, bestFitness, improved, metricsMap(last));
          if (userCallbacks) {
            run.awaitSaved(); // a callback may read the file
          }
          callbacks.onModelSave(run.last());
        }
        // rank 0 logs; img/s and the losses are the job's (ranks hold equal shards, DistributedSampler pads them)
        if (isMain()) LOG.info(String.format(Locale.ROOT,
            "epoch %d/%d: %.1f img/s, %s, %s (%.1fs)%s",
            epoch + 1, epochs, seen * (double) (dist == null ? 1 : dist.worldSize()) / trainSeconds,
            lossText(tloss), mapText(last), (System.nanoTime() - tEpoch) / 1e9,
            amp ? String.format(Locale.ROOT, ", AMP scale %.0f, %d steps skipped", scaler.getScale(),
                scaler.skippedSteps() - skippedBefore)
                : ""));
        if (isMain()) {
          callbacks.onFitEpochEnd(epoch, run.results().columns().subList(1, run.results().columns().size()), row);
        }
        if (timeUp) {
          LOG.info("Stopping training: the time limit of {} hours is reached", args.time().getAsDouble());
          break;
        }
        if (validated && patience > 0 && epoch - bestEpoch >= patience) {
          LOG.info("Stopping training early as no improvement observed in last {} epochs", patience);
          break;
        }
      }
      if (isMain()) {
        run.awaitSaved();
        ValidationResult best = finalValidation(run.best());
        if (best != null) {
          last = best;
          callbacks.onValEnd(bestEpoch, best.metrics());
        }
        callbacks.onTrainEnd(run.saveDir());
      }
      return new TrainResult(run == null ? null : run.saveDir(), last, bestFitness, bestEpoch + 1);
    }

    /**
     * Ultralytics' final evaluation: {@code best.pt} validated as saved (fused, as {@code yolo val} would), with the
     * per-class table and the plots of the run; rank 0 alone, over the whole validation set.
     */
    private ValidationResult finalValidation(Path best) {
      if (!Files.isRegularFile(best)) {
        return null;
      }
      LOG.info("Validating {}...", best);
      try (YoloModel m = YoloModel.load(best)) {
        m.fuse();
        m.to(device);
        ValOptions o = ValOptions.defaults().withImgsz(args.imgsz()[0]).withBatch(batch * 2)
            .withWorkers(Math.max(1, args.workers())).withVerbose(true)
            .withPlots(args.plots() ? run.saveDir() : null);
        return new Validator(m).masks(args.overlapMask(), args.maskRatio()).validate(valDs, o, 0, 1);
      }
    }

    /**
     * {@code time=H}: as Ultralytics, the number of epochs becomes what fits in H hours at the mean epoch time so far
     * (the learning-rate schedule re-planned for it), and training stops once H hours have passed. All ranks take the
     * same decision (the mean of their timings). Returns whether this epoch is the last.
     */
    private boolean replanForTime(int epoch, int startEpoch, long tStart) {
      if (args.time().isEmpty() || args.time().getAsDouble() <= 0) {
        return false;
      }
      double limit = args.time().getAsDouble() * 3600;
      double elapsed = (System.nanoTime() - tStart) / 1e9;
      if (dist != null) {
        try (PointerScope scope = new PointerScope()) {
          Tensor t = torch.zeros(1).to(device.toTorch(), torch.ScalarType.Double).fill_(new org.bytedeco.pytorch.Scalar(
              elapsed));
          dist.allReduceSum(t);
          elapsed = t.item_double() / dist.worldSize();
        }
      }
      double perEpoch = elapsed / (epoch + 1 - startEpoch);
      int planned = Math.max(epoch + 1, (int) Math.ceil(limit / perEpoch));
      if (planned != epochs) {
        epochs = planned;
        schedule = LrSchedule.of(args.cosLr(), epochs, args.lrf());
      }
      return elapsed >= limit || epoch + 1 >= epochs;
    }

    /** Losses as {@code box 1.2345 cls 0.5678 dfl 1.0123} (the items' names without {@code _loss}). */
    private String lossText(double[] values) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < values.length; k++) {
        sb.append(k == 0 ? "" : " ").append(lossNames.get(k).replace("_loss", ""))
            .append(String.format(Locale.ROOT, " %.4f", values[k]));
      }
      return sb.toString();
    }

    /** The epoch line's mAPs: the boxes', and a task's own (pose, mask) after them. */
    private static String mapText(ValidationResult r) {
      String box = String.format(Locale.ROOT, "mAP50 %.4f mAP50-95 %.4f", r.metrics().map50(), r.metrics().map());
      if (r.task() == null) {
        return box;
      }
      DetMetrics part = r.task().part();
      return String.format(Locale.ROOT, "box %s, %s mAP50 %.4f mAP50-95 %.4f", box,
          r.task().kind().name().toLowerCase(Locale.ROOT), part.map50(), part.map());
    }

    /** results.csv's row after {@code epoch}: time, train losses, metrics, val losses, learning rates. */
    private double[] resultsRow(double seconds, double[] tloss, ValidationResult r, double[] lrs) {
      double[] metrics = r.task() != null ? r.task().meanResults() : r.metrics().meanResults();
      int n = lossNames.size();
      double[] row = new double[1 + n + metrics.length + n + 3];
      row[0] = seconds;
      System.arraycopy(tloss, 0, row, 1, n);
      System.arraycopy(metrics, 0, row, 1 + n, metrics.length);
      for (int k = 0; k < n; k++) {
        row[1 + n + metrics.length + k] = valLoss(r, k);
      }
      for (int k = 0; k < 3; k++) {
        row[row.length - 3 + k] = lr(lrs, k);
      }
      return row;
    }

    /** The bar's status: Ultralytics' columns (running losses, the batch's instances, the size). */
    private String trainStatus(Tensor lossSum, int batches, int instances) {
      long used = device.isCuda() ? Cuda.memoryUsedBytes(device) : -1;
      String mem = used >= 0 ? String.format(Locale.ROOT, "%.1fG ", used / 1e9) : "";
      if (lossSum == null || batches == 0) {
        return String.format(Locale.ROOT, "%s%d instances, %d px", mem, instances, args.imgsz()[0]);
      }
      try (PointerScope scope = new PointerScope()) {
        double[] mean = new double[lossNames.size()];
        for (int k = 0; k < mean.length; k++) {
          mean[k] = lossSum.get(k).item_double() / batches;
        }
        return String.format(Locale.ROOT, "%s%s, %d instances, %d px", mem, lossText(mean), instances,
            args.imgsz()[0]);
      }
    }

    /**
     * The epoch's mean training loss of the job (one all-reduce of the items and the batch count per epoch): the ranks' items of a step
     * add up to the global batch's, so this is what a one-rank run of the same global batch logs.
     */
    private double[] jobMeanLoss(Tensor lossSum, int lossBatches) {
      int n = lossNames.size();
      try (PointerScope scope = new PointerScope()) {
        Tensor stats = torch.zeros(n + 1).to(device.toTorch(), torch.ScalarType.Float);
        if (lossSum != null) {
          stats.narrow(0, 0, n).add_(lossSum.to(torch.ScalarType.Float));
        }
        stats.get(n).fill_(new org.bytedeco.pytorch.Scalar((double) lossBatches));
        dist.allReduceSum(stats);
        // each rank's items are its share of the global batch's loss (normalised across ranks): summed over the
        // ranks they are the batch's items, so the mean is over one rank's batch count
        double batches = Math.max(1, stats.get(n).item_double() / dist.worldSize());
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
          out[k] = stats.get(k).item_double() / batches;
        }
        return out;
      }
    }

    private ValidationResult validate(boolean plots) {
      ema.copyTo(evalNet);
      evalNet.eval();
      YoloModel evalModel = YoloModel.of(evalNet, model.names(), device);
      ValOptions o = ValOptions.defaults().withImgsz(args.imgsz()[0]).withBatch(batch * 2)
          .withWorkers(Math.max(1, args.workers())).withVerbose(false)
          .withPlots(plots && args.plots() && run != null ? run.saveDir() : null);
      // all ranks validate their shard and get the merged metrics, so best/early-stop decisions agree
      ValidationResult r;
      normaliseAcrossRanks(false);
      try {
        Validator v = new Validator(evalModel).masks(args.overlapMask(), args.maskRatio());
        r = dist == null ? v.validate(valDs, o, 0, 1, loss) : DistributedValidation.validateAll(v, valDs, o, dist, loss);
      } finally {
        normaliseAcrossRanks(true);
      }
      evalModel.half(false);
      return r;
    }

    private static Map<String, Object> metricsMap(ValidationResult r) {
      Map<String, Object> m = new LinkedHashMap<>(r.task() != null ? r.task().resultsDict()
          : r.metrics().resultsDict());
      m.put("fitness", r.fitness());
      return m;
    }

    /** The metrics' columns of results.csv: the boxes', then a pose model's keypoint ones. */
    private static List<String> metricKeys(DetectionModel net) {
      return net.kptShape() != null ? dev.yolojava.core.metrics.PoseMetrics.KEYS
          : segment(net) ? dev.yolojava.core.metrics.SegmentMetrics.KEYS : DetMetrics.KEYS;
    }

    private static double valLoss(ValidationResult r, int k) {
      return r.valLoss() == null ? 0 : r.valLoss()[k];
    }

    private static double lr(double[] lrs, int k) {
      return k < lrs.length ? lrs[k] : 0;
    }
  }
}
