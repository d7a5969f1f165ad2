package dev.yolojava.samples;

import dev.yolojava.api.Dataset;
import dev.yolojava.api.Detections;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.TrainConfig;
import dev.yolojava.api.TrainResults;
import dev.yolojava.api.ValConfig;
import dev.yolojava.api.ValResults;
import dev.yolojava.api.Yolo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The README's main job: makes the built-in synthetic data set, trains a small YOLOv8n on it on the CPU, validates
 * the best weights, predicts on the validation images, draws the boxes, and prints where everything went. One
 * {@link Yolo} object does it all, as in Ultralytics: after {@code train} it holds {@code best.pt}.
 * {@code QuickStart [epochs=30] [device=cpu]}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] argv) throws Exception {
    int epochs = 30;
    String device = "cpu";
    for (String a : argv) {
      if (a.startsWith("epochs=")) {
        epochs = Integer.parseInt(a.substring(7));
      } else if (a.startsWith("device=")) {
        device = a.substring(7);
      }
    }
    String data = "synthetic:train=256,val=32,seed=0,size=320x240";
    Dataset dataset = Dataset.of(data);
    Path runs = Path.of("runs", "quickstart").toAbsolutePath();
    try (Yolo model = Yolo.create("yolov8n.yaml", dataset.names())) {
      model.info(); // logs the model summary, as Ultralytics' model.info()
      TrainResults trained = model.train(TrainConfig.builder().data(data).epochs(epochs).imgsz(160).batch(16)
          .device(device).workers(2).project(runs.toString()).name("train").existOk(true).plots(true).build());
      ValResults val = model.val(ValConfig.builder().data(data).imgsz(160).batch(16).device(device)
          .plots(true).project(runs.toString()).name("val").existOk(true).build());
      Path predictDir = Files.createDirectories(runs.resolve("predict"));
      List<Detections> dets = model.predict(dataset.val(), PredictConfig.builder().imgsz(160).build());
      for (Detections d : dets) {
        Path src = Path.of(d.source());
        BufferedImage drawn = d.draw(ImageIO.read(src.toFile()));
        ImageIO.write(drawn, "jpg", predictDir.resolve(src.getFileName()).toFile());
      }
      System.out.println();
      System.out.println("Results:");
      System.out.println("  training run (results.csv, results.png, labels.jpg, train_batch*.jpg, weights/best.pt, "
          + "weights/last.pt): " + trained.saveDir());
      System.out.println("  validation: " + val + " (plots in " + runs.resolve("val") + ")");
      System.out.println("  predictions drawn on " + dets.size() + " images: " + predictDir);
      System.out.println();
      System.out.println("What to expect: this is a smoke run, not a converged model. 256 small images, 30 epochs from"
          + " scratch at 160 px on the CPU measured mAP50-95 0.03-0.04 (mAP50 0.09-0.10; the CPU's convolution kernels"
          + " move it) in a few minutes on 2 cores of an AMD EPYC; most validation images still get no box. A model trained to convergence on this synthetic data"
          + " (../shared/fixtures/yolov8n-synth.pt, 640 px, on a GPU) scores mAP50-95 0.758 on 64 of its images: try"
          + " more epochs, imgsz=320, or device=0 on a GPU.");
    }
  }
}
