package dev.yolojava.samples;

import dev.yolojava.api.Detections;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.StreamResults;
import dev.yolojava.api.StreamStats;
import dev.yolojava.api.VideoFrame;
import dev.yolojava.api.Yolo;
import java.util.List;
import java.util.Locale;

/**
 * Many cameras, streams or videos predicted on together, with each source's figures every few seconds:
 * {@code Streams MODEL.pt DEVICE SOURCE...} (e.g. {@code Streams yolo26n.pt 0 rtsp://cam1/live rtsp://cam2/live
 * clip.mp4}). Needs the yolo-video module on the class path (this module has it). Stops at the end of the sources
 * or with Ctrl-C.
 */
public final class Streams {
  private Streams() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: Streams MODEL.pt DEVICE SOURCE... (videos, camera indices, stream URLs)");
      System.exit(2);
    }
    List<String> sources = List.of(args).subList(2, args.length);
    boolean gpu = !args[1].equalsIgnoreCase("cpu");
    // one batch can hold a frame of every source; fp16 on a GPU
    PredictConfig cfg = PredictConfig.builder().device(args[1]).half(gpu).batch(Math.max(1, sources.size())).build();
    try (Yolo model = Yolo.load(args[0]); StreamResults results = model.stream(sources, cfg)) {
      Runtime.getRuntime().addShutdownHook(new Thread(results::close)); // Ctrl-C ends the readers cleanly
      long next = System.nanoTime() + 5_000_000_000L;
      while (results.hasNext()) {
        Detections d = results.next();
        VideoFrame f = d.frame().orElseThrow();
        if (d.size() > 0 && f.index() % 30 == 0) {
          System.out.printf(Locale.ROOT, "%d: frame %d %s%n", f.stream(), f.index(), d.summary());
        }
        if (System.nanoTime() > next) {
          print(results.stats());
          next += 5_000_000_000L;
        }
      }
      print(results.stats());
    }
  }

  private static void print(List<StreamStats> stats) {
    for (StreamStats s : stats) {
      System.out.println("  " + s);
    }
  }
}
