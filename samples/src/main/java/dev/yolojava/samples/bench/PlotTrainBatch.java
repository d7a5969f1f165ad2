package dev.yolojava.samples.bench;

import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.LoaderOptions;
import dev.yolojava.data.plot.BatchPlotter;
import java.nio.file.Path;

/**
 * Writes {@code train_batch0.jpg}: the first augmented training batch with its boxes, as Ultralytics does, to check
 * the pipeline by eye. {@code PlotTrainBatch data=synthetic imgsz=640 batch=16 out=runs/train_batch0.jpg}
 */
public final class PlotTrainBatch {
  private PlotTrainBatch() {}

  public static void main(String[] argv) {
    Args a = new Args(argv);
    DataConfig cfg = DataConfig.resolve(a.str("data", "synthetic"));
    Path out = Path.of(a.str("out", "runs/train_batch0.jpg"));
    int imgsz = a.integer("imgsz", 640);
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(imgsz));
        DataLoader loader = DataLoader.train(ds, AugmentConfig.defaults(),
            LoaderOptions.train(a.integer("batch", 16), a.integer("workers", 2)).withSeed(a.integer("seed", 0)));
        Batch b = loader.iterator().next()) {
      BatchPlotter.write(b, ds.names(), out);
      System.out.println("wrote " + out.toAbsolutePath() + " (" + b.size() + " images, " + b.targets() + " boxes)");
    }
  }
}
