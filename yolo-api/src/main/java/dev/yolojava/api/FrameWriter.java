package dev.yolojava.api;

import java.awt.image.BufferedImage;

/** An annotated video being written, frame by frame (see {@link VideoIo#writer}). */
public interface FrameWriter extends AutoCloseable {
  /** Appends one frame; every frame has the size the writer was opened with. */
  void write(BufferedImage frame);

  /** Finishes the file (its index and trailer); the video is complete only after this. */
  @Override
  void close();
}
