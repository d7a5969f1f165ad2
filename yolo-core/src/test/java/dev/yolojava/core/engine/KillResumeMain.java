package dev.yolojava.core.engine;

import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny CPU training for {@link KillResumeTest} to kill: {@code <saveDir>} trains 4 epochs from scratch, or resumes
 * from {@code saveDir/weights/last.pt} when it exists. Prints {@code BATCH epoch batch} after each batch.
 */
public final class KillResumeMain {
  private KillResumeMain() {}

  public static void main(String[] argv) {
    Path run = Path.of(argv[0]);
    Path last = run.resolve("weights/last.pt");
    TrainCallbacks progress = new TrainCallbacks() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches) {
        System.out.println("BATCH " + epoch + " " + batch);
        System.out.flush();
      }
    };
    if (Files.exists(last)) {
      try (YoloModel model = YoloModel.load(last)) {
        new Trainer(model, YoloArgs.parse("resume=True device=cpu workers=1 model=" + last), progress).train();
      }
    } else {
      YoloArgs args = YoloArgs.parse("data=synthetic:train=16,val=8,size=64x64 epochs=4 batch=8 imgsz=64 workers=1"
          + " device=cpu plots=False warmup_epochs=0 close_mosaic=0 save_dir=" + run);
      try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
        new Trainer(model, args, progress).train();
      }
    }
    System.out.println("DONE");
  }
}
