// Train a YOLOv8n for 2 tiny epochs on synthetic data and read its results: bin/jshell-yolo samples/jshell/train.jsh
import dev.yolojava.api.*;
import java.nio.file.*;

String data = "synthetic:train=32,val=8,seed=0,size=128x96";
Yolo model = Yolo.create("yolov8n.yaml");   // training builds it for the data's 8 classes, as Ultralytics does
TrainResults run = model.train(TrainConfig.builder().data(data).epochs(2).imgsz(128).batch(8).device("cpu").workers(1)
    .project(Path.of("runs", "jshell").toAbsolutePath().toString()).name("train").plots(true).build());
System.out.println("run: " + run.saveDir());
// results.csv: one row per epoch (losses, metrics, learning rates); plots (when enabled) sit next to it.
Files.readAllLines(run.resultsCsv()).forEach(System.out::println);
// the same object now holds best.pt, with the data's class names
System.out.println("classes: " + model.names());
System.out.println(model.val(ValConfig.builder().data(data).imgsz(128).batch(8).plots(true)
    .project(Path.of("runs", "jshell").toAbsolutePath().toString()).name("val").build()).table());
model.close();
/exit
