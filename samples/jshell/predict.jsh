// Notebook-style tour of yolo-java in JShell: bin/jshell-yolo samples/jshell/predict.jsh
// Loads the synthetic-data YOLOv8n from the fixtures when present (-R-Dyolo.fixtures=DIR), else a fresh yolov8n.yaml,
// predicts on generated images, draws the boxes and saves them under runs/jshell/.
import dev.yolojava.api.*;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.Split;
import dev.yolojava.data.image.Images;
import java.nio.file.*;
import javax.imageio.ImageIO;

// 1. A tiny synthetic data set (generated once and cached).
DataConfig data = DataConfig.resolve("synthetic:train=8,val=4,seed=0,size=160x120");
List<Path> images = data.split(Split.VAL); // the val image directories

// 2. A model: the fixtures' checkpoint if there, else a fresh one for the data's classes.
Path weights = Path.of(System.getProperty("yolo.fixtures", "../shared/fixtures"), "yolov8n-synth.pt");
Yolo model = Files.exists(weights) ? Yolo.load(weights) : Yolo.create("yolov8n.yaml", data.names());
System.out.println("classes: " + model.names().size());

// 3. Predict and look at the boxes.
List<Detections> results = model.predict(images, PredictConfig.builder().imgsz(160).build());
System.out.println("images: " + results.size());
for (Detections d : results) System.out.println(Path.of(d.source()).getFileName() + ": " + d.size() + " boxes " + d.toJson());

// 4. Draw and save.
Path out = Files.createDirectories(Path.of("runs", "jshell"));
for (Detections d : results) ImageIO.write(d.draw(Images.toBufferedImage(Images.read(Path.of(d.source())))), "jpg", out.resolve(Path.of(d.source()).getFileName()).toFile());
System.out.println("drawn: " + out.toAbsolutePath());
model.close();
/exit
