// Train a YOLOv8n for 2 tiny epochs on synthetic data and read its results: bin/jshell-yolo samples/jshell/train.jsh
import dev.yolojava.api.*;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.data.DataConfig;
import java.nio.file.*;

String data = "synthetic:train=32,val=8,seed=0,size=128x96";
DataConfig cfg = DataConfig.resolve(data);
Yolo model = Yolo.create("yolov8n.yaml", cfg.names());
TrainResult run = model.train(TrainConfig.builder().data(data).epochs(2).imgsz(128).batch(8).device("cpu").workers(1)
    .project(Path.of("runs", "jshell").toAbsolutePath().toString()).name("train").plots(true).build());
System.out.println("run: " + run.saveDir());
// results.csv: one row per epoch (losses, metrics, learning rates); plots (when enabled) sit next to it.
Files.readAllLines(run.resultsCsv()).forEach(System.out::println);
model.close();
Yolo best = Yolo.load(run.best());
System.out.println(best.val(ValConfig.builder().data(data).imgsz(128).batch(8).plots(true)
    .project(Path.of("runs", "jshell").toAbsolutePath().toString()).name("val").build()).table());
best.close();
/exit
