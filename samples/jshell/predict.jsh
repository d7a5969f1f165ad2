// Notebook-style tour of yolo-java in JShell: bin/jshell-yolo samples/jshell/predict.jsh
// Loads the synthetic-data YOLOv8n from the fixtures when present (-R-Dyolo.fixtures=DIR); without them it trains a
// small model for 5 epochs first (about a minute on the CPU), so the boxes below mean something.
// Predicts on generated images, draws the boxes and saves them under runs/jshell/.
import dev.yolojava.api.*;
import java.nio.file.*;
import javax.imageio.ImageIO;

// 1. A tiny synthetic data set (generated once and cached).
String spec = "synthetic:train=128,val=4,seed=0,size=160x120";
Dataset data = Dataset.of(spec);

// 2. A model: the fixtures' checkpoint if there, else one trained here for a few epochs.
Path weights = Path.of(System.getProperty("yolo.fixtures", "../shared/fixtures"), "yolov8n-synth.pt");
Yolo model;
if (Files.exists(weights)) {
  model = Yolo.load(weights);
} else {
  System.out.println("no fixture checkpoint at " + weights + ": training yolov8n for 5 epochs on " + spec);
  model = Yolo.create("yolov8n.yaml");
  model.train(TrainConfig.builder().data(spec).epochs(5).imgsz(160).batch(16).device("cpu").plots(false)
      .project(Path.of("runs", "jshell").toAbsolutePath().toString()).name("train").build());
}
System.out.println("classes: " + model.names());

// 3. Predict and look at the boxes (an untrained model finds none; 5 epochs find a few, the fixture model most).
List<Detections> results = model.predict(data.val(), PredictConfig.builder().imgsz(160).build());
System.out.println("images: " + results.size());
for (Detections d : results) System.out.println(Path.of(d.source()).getFileName() + ": " + d.size() + " boxes " + d.toJson());

// 4. Draw and save (plot() reads each source image and draws its boxes, as Ultralytics' results.plot()).
Path out = Files.createDirectories(Path.of("runs", "jshell"));
for (Detections d : results) ImageIO.write(d.plot(), "jpg", out.resolve(Path.of(d.source()).getFileName()).toFile());
System.out.println("drawn: " + out.toAbsolutePath());
model.close();
/exit
