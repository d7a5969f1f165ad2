package dev.yolojava.core.engine;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.nn.ClassificationModel;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.core.optim.GradClip;
import dev.yolojava.core.optim.GradScaler;
import dev.yolojava.core.optim.GradientAccumulation;
import dev.yolojava.core.optim.LrSchedule;
import dev.yolojava.core.optim.ModelEma;
import dev.yolojava.core.optim.OptimizerChoice;
import dev.yolojava.core.optim.Optimizers;
import dev.yolojava.core.optim.TrainOptimizer;
import dev.yolojava.core.optim.Warmup;
import dev.yolojava.cuda.Autocast;
import dev.yolojava.cuda.Device;
import dev.yolojava.data.classify.ClassifyAugment;
import dev.yolojava.data.classify.ClassifyBatch;
import dev.yolojava.data.classify.ClassifyFolders;
import dev.yolojava.data.classify.ClassifyLoader;
import dev.yolojava.data.classify.ClassifySplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' {@code ClassificationTrainer} on one device: a folder-per-class data set ({@code train/} and
 * {@code val/} or {@code test/}), {@code classify_augmentations} for training and {@code classify_transforms} for
 * validation, mean cross-entropy, and BaseTrainer's schedule (nominal batch 64 with gradient accumulation, warmup,
 * linear or cosine learning rate, the same optimizer choice, EMA, gradient clipping at 10). Each epoch validates the
 * EMA weights, appends {@code epoch,time,train/loss,metrics/accuracy_top1,metrics/accuracy_top5,val/loss,lr/pg0..2}
 * to results.csv and writes last.pt (best.pt when fitness, the mean of top-1 and top-5, improved).
 */
final class ClassifyTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyTrainer.class);
  /** Classifier image sizes are rounded up to a multiple of 32 (Ultralytics' check_imgsz with its minimum stride). */
  private static final int STRIDE = 32;

  private final Classifier model;
  private final YoloArgs args;
  private final TrainCallbacks callbacks;

  ClassifyTrainer(Classifier model, YoloArgs args, TrainCallbacks callbacks) {
    this.model = model;
    this.args = args;
    this.callbacks = callbacks == null ? new TrainCallbacks() {} : callbacks;
  }

  /** Refuses the keys this trainer does not train with, by name (never silently ignored). */
  static void checkSupported(YoloArgs args) {
    refuseIf(args.resume(), "resume=True");
    refuseIf(args.time().isPresent() && args.time().getAsDouble() > 0, "time=" + args.time());
    refuseIf(args.multiScale() > 0, "multi_scale=" + args.multiScale());
    Object freeze = args.get("freeze");
    refuseIf(freeze != null, "freeze=" + freeze);
    refuseIf(args.autoBatch(), "batch=" + args.batch() + " (AutoBatch)");
    refuseIf(!args.pretrained(), "pretrained=False (re-drawing a loaded classifier's weights)");
    refuseIf(Boolean.TRUE.equals(args.get("compile")) || args.get("compile") instanceof String,
        "compile=" + args.get("compile"));
  }

  private static void refuseIf(boolean set, String what) {
    if (set) {
      throw new UnsupportedOperationException("train: " + what + " is not built for task=classify in this build of"
          + " yolo-java (detect, segment and pose training have it); remove it to train the classifier");
    }
  }

  TrainResult train(Device device) {
    checkSupported(args);
    Path root = ClassifyData.resolve(args.data().orElseThrow(() -> new IllegalArgumentException(
        "train: 'data' is not set; expected a folder with train/ and val/ holding one folder per class")));
    ClassifyFolders folders = ClassifyFolders.open(root);
    int imgsz = dev.yolojava.core.cfg.ImgszCheck.check(args.imgsz()[0], STRIDE, STRIDE);
    YoloArgs run = imgsz == args.imgsz()[0] ? args : args.with("imgsz", imgsz);
    int batch = args.batch().intValue();
    int epochs = args.epochs();
    long seed = args.seed();
    dev.yolojava.runtime.TorchDefaults.deterministic(args.deterministic());
    Classifier m = model;
    synchronized (DetectionModel.RANDOM_INIT) {
      torch.manual_seed(seed);
      m = m.forClasses(folders.names());
      if (m.reinitialiseIfFresh()) {
        torch.manual_seed(seed);
      }
    }
    double dropout = number(args.get("dropout"), 0.0);
    m.net().head().setDropout(dropout);
    m.to(device);
    ClassificationModel net = m.net();
    ClassifySplit train = folders.split("train").withFraction(args.fraction()).verified();
    ClassifySplit val = folders.split(folders.valSplitName()).verified();
    int workers = Math.max(1, args.workers());
    Path saveDir = TrainRun.saveDir(run);
    try (TrainRun dir = TrainRun.create(saveDir, run, folders.names());
        ClassifyLoader loader = cached(new ClassifyLoader(train, batch, imgsz, true, augment(args), workers, seed,
            true), args)) {
      LOG.info("Image sizes {} train, {} val", imgsz, imgsz);
      LOG.info("Using {} dataloader workers", workers);
      LOG.info("Logging results to {}", saveDir);
      LOG.info("Starting training for {} epochs...", epochs);
      if (args.plots()) {
        LOG.info("plots: training batches and the confusion matrix are not drawn for task=classify in this build");
      }
      dir.resultsColumns(ResultsCsv.columns(List.of("loss"), List.of(ClassifyValidator.TOP1, ClassifyValidator.TOP5)));
      callbacks.onTrainStart(saveDir);
      return new Loop(m, net, device, run, dir, loader, val, batch, epochs, imgsz, workers, train.size()).run();
    }
  }

  /** {@code cache=ram} (or True) decodes every training image once; {@code cache=disk} is not built and says so. */
  private static ClassifyLoader cached(ClassifyLoader loader, YoloArgs a) {
    String cache = a.cache().orElse("").toLowerCase(Locale.ROOT);
    if (cache.equals("ram") || cache.equals("true")) {
      return loader.cacheInRam();
    }
    if (cache.equals("disk")) {
      LOG.warn("cache=disk is not built for task=classify in this build of yolo-java: images are decoded from their"
          + " files each epoch (cache=ram keeps them decoded in memory)");
    }
    return loader;
  }

  private static ClassifyAugment augment(YoloArgs a) {
    List<Double> scale = a.scale();
    double s = scale == null || scale.isEmpty() ? 0.5 : scale.get(0);
    Object aa = a.get("auto_augment");
    return new ClassifyAugment(s, a.fliplr(), a.flipud(), aa == null ? null : aa.toString(), a.hsvH(), a.hsvS(),
        a.hsvV(), number(a.get("erasing"), 0.4));
  }

  private static double number(Object v, double dflt) {
    return v instanceof Number n ? n.doubleValue() : dflt;
  }

  /** One training run's state and epochs. */
  private final class Loop {
    private final Classifier model;
    private final ClassificationModel net;
    private final Device device;
    private final YoloArgs args;
    private final TrainRun dir;
    private final ClassifyLoader loader;
    private final ClassifySplit val;
    private final int batch;
    private final int epochs;
    private final int imgsz;
    private final int workers;
    private final boolean amp;
    private final int trainSize;

    Loop(Classifier model, ClassificationModel net, Device device, YoloArgs args, TrainRun dir, ClassifyLoader loader,
        ClassifySplit val, int batch, int epochs, int imgsz, int workers, int trainSize) {
      this.trainSize = trainSize;
      this.model = model;
      this.net = net;
      this.device = device;
      this.args = args;
      this.dir = dir;
      this.loader = loader;
      this.val = val;
      this.batch = batch;
      this.epochs = epochs;
      this.imgsz = imgsz;
      this.workers = workers;
      this.amp = args.amp() && device.isCuda();
    }

    TrainResult run() {
      int nb = loader.batchesPerEpoch();
      int nbs = args.nbs();
      GradientAccumulation accumulation = new GradientAccumulation(nbs, batch);
      double decay = GradientAccumulation.scaledWeightDecay(args.weightDecay(), batch * accumulation.accumulate(), nbs);
      long iterations = OptimizerChoice.iterations(trainSize, batch, nbs, epochs);
      OptimizerChoice choice = OptimizerChoice.resolve(args.optimizer(), args.lr0(), args.momentum(), net.nc(),
          iterations);
      Optimizers.Built built = Optimizers.build(net, choice, decay);
      if (choice.auto()) {
        LOG.info("optimizer: 'optimizer=auto' found, ignoring 'lr0={}' and 'momentum={}' and determining best"
            + " 'optimizer', 'lr0' and 'momentum' automatically... ", args.lr0(), args.momentum());
      }
      LOG.info("optimizer: {}", built.summary());
      LrSchedule schedule = LrSchedule.of(args.cosLr(), epochs, args.lrf());
      Warmup warmup = new Warmup(Warmup.iterations(args.warmupEpochs(), nb), choice.warmupBiasLr(args.warmupBiasLr()),
          args.warmupMomentum(), args.momentum(), nbs, batch);
      ClassificationModel evalNet = ClassificationModel.fromConfig(net.config());
      evalNet.to(device.toTorch(), torch.ScalarType.Float, false);
      evalNet.eval();
      Classifier evalModel = Classifier.of(evalNet, model.names(), device);
      double bestFitness = -1;
      int bestEpoch = 0;
      ClassifyValidator.Metrics lastMetrics = null;
      long tStart = System.nanoTime();
      NonFiniteGuard nonFinite = new NonFiniteGuard();
      try (TrainOptimizer optimizer = built.optimizer(); GradScaler scaler = new GradScaler(amp);
          ModelEma ema = new ModelEma(net)) {
        long lastOptStep = -1;
        for (int epoch = 0; epoch < epochs; epoch++) {
          schedule.apply(epoch, optimizer.groups());
          net.train(true);
          Tensor lossSum = null; // on the device: read once per epoch, not once per step
          int counted = 0;
          int i = 0;
          int lastSize = 0;
          long tEpoch = System.nanoTime();
          int seen = 0;
          Iterator<ClassifyBatch> it = loader.epoch(epoch);
          while (it.hasNext()) {
            ClassifyBatch b = it.next();
            long ni = i + (long) nb * epoch;
            if (warmup.active(ni)) {
              accumulation.setAccumulate(warmup.accumulate(ni));
              warmup.apply(ni, schedule.factor(epoch), optimizer);
            }
            int bs = b.labels().length;
            try (PointerScope scope = new PointerScope()) {
              Tensor x = Tensors.fromFloats(b.pixels(), bs, 3, b.size(), b.size()).to(device.toTorch(),
                  torch.ScalarType.Float);
              Tensor labels = labels(b.labels()).to(device.toTorch(), torch.ScalarType.Long);
              Tensor logits;
              try (Autocast ac = Autocast.enter(device, amp, torch.ScalarType.Half)) {
                logits = net.forward(x);
              }
              Tensor loss = torch.cross_entropy(logits.to(torch.ScalarType.Float), labels);
              // without AMP nothing else skips a NaN/inf step (one host read per step; under AMP the scaler skips
              // them on its own, so the GPU is never waited for), as the detection trainer does
              if (!amp && !nonFinite.accept(loss.item_double(), epoch, i)) {
                i++;
                callbacks.onBatchEnd(epoch, i, nb);
                continue;
              }
              scaler.scale(loss).backward();
              if (lossSum == null) {
                lossSum = loss.detach().clone();
                lossSum.retainReference(); // outlives this step's scope; released after the epoch
              } else {
                lossSum.add_(loss.detach());
              }
              counted++;
              if (ni - lastOptStep >= accumulation.accumulate()) {
                scaler.unscale(optimizer);
                GradClip.clipGradNorm(optimizer.parameters(), GradClip.ULTRALYTICS_MAX_NORM);
                scaler.step(optimizer);
                scaler.update();
                optimizer.zeroGrad();
                ema.update(net);
                lastOptStep = ni;
              }
            }
            lastSize = bs;
            seen += bs;
            i++;
            callbacks.onBatchEnd(epoch, i, nb);
          }
          // Ultralytics' tloss: the mean of the epoch's batch losses
          double tloss = lossSum == null ? 0 : lossSum.item_double() / counted;
          if (lossSum != null) {
            lossSum.releaseReference();
          }
          double[] lrs = optimizer.groups().stream().mapToDouble(g -> g.lr()).toArray();
          LOG.info(String.format(Locale.ROOT, "%11s%11s%11s%11s%11s", "Epoch", "GPU_mem", "loss", "Instances",
              "Size"));
          LOG.info(String.format(Locale.ROOT, "%11s%11s%11.4g%11d%11d", (epoch + 1) + "/" + epochs,
              device.isCuda() ? "-" : "0G", tloss, lastSize, imgsz));
          double trainSeconds = (System.nanoTime() - tEpoch) / 1e9;
          callbacks.onTrainEpochEnd(epoch);
          ema.copyTo(evalNet);
          boolean finalEpoch = epoch + 1 == epochs;
          ClassifyValidator.Metrics metrics = null;
          if (args.val() || finalEpoch) {
            metrics = ClassifyValidator.validate(evalModel, val, imgsz, batch * 2, workers, true);
            lastMetrics = metrics;
          }
          double fitness = metrics == null ? 0 : metrics.fitness();
          boolean improved = metrics != null && fitness > bestFitness;
          if (improved) {
            bestFitness = fitness;
            bestEpoch = epoch;
          }
          double elapsed = (System.nanoTime() - tStart) / 1e9;
          double[] row = {elapsed, tloss, metrics == null ? 0 : metrics.top1(), metrics == null ? 0 : metrics.top5(),
              metrics == null ? 0 : metrics.loss(), lrs[0], lrs.length > 1 ? lrs[1] : lrs[0],
              lrs.length > 2 ? lrs[2] : lrs[0]};
          dir.results().append(epoch + 1, row);
          callbacks.onFitEpochEnd(epoch, dir.results().columns(), row);
          if (args.save() || finalEpoch) {
            Map<String, Object> trainMetrics = new LinkedHashMap<>();
            trainMetrics.put("train/loss", tloss);
            if (metrics != null) {
              trainMetrics.putAll(metrics.resultsDict());
              trainMetrics.put("val/loss", metrics.loss());
            }
            dir.save(evalNet, ema, optimizer, scaler, epoch, Math.max(bestFitness, 0), improved, trainMetrics,
                imgsz);
            callbacks.onModelSave(dir.last());
          }
          LOG.info(String.format(Locale.ROOT, "epoch %d/%d: %.1f img/s, loss %.4f%s (%.1fs)", epoch + 1, epochs,
              seen / trainSeconds, tloss, metrics == null ? "" : String.format(Locale.ROOT, ", top1 %.4f top5 %.4f",
                  metrics.top1(), metrics.top5()), (System.nanoTime() - tEpoch) / 1e9));
          int patience = args.patience();
          if (metrics != null && patience > 0 && epoch - bestEpoch >= patience) {
            LOG.info("Stopping training early as no improvement observed in last {} epochs", patience);
            break;
          }
        }
        dir.awaitSaved();
        LOG.info("{} epochs completed in {} hours.", epochs, String.format(Locale.ROOT, "%.3f",
            (System.nanoTime() - tStart) / 3.6e12));
        lastMetrics = finalValidation(dir.best(), lastMetrics);
        callbacks.onTrainEnd(dir.saveDir());
        return new TrainResult(dir.saveDir(), null, bestFitness, bestEpoch + 1, lastMetrics);
      } finally {
        evalNet.close();
      }
    }

    /** best.pt validated as saved (fused), as Ultralytics' final evaluation does. */
    private ClassifyValidator.Metrics finalValidation(Path best, ClassifyValidator.Metrics last) {
      if (!Files.isRegularFile(best)) {
        return last;
      }
      LOG.info("Validating {}...", best);
      try (Classifier c = Classifier.fromCheckpoint(YoloModel.readCheckpoint(best), best.toString())) {
        c.fuse();
        c.to(device);
        return ClassifyValidator.validate(c, val, imgsz, batch * 2, workers, true);
      }
    }

    private Tensor labels(int[] labels) {
      float[] f = new float[labels.length];
      for (int k = 0; k < labels.length; k++) {
        f[k] = labels[k];
      }
      return Tensors.fromFloats(f, labels.length);
    }
  }
}
