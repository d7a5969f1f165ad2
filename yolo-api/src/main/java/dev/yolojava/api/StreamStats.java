package dev.yolojava.api;

import java.util.Locale;

/**
 * One source's figures in a {@link StreamResults} run.
 *
 * @param stream the source's index
 * @param source the source as named
 * @param decoded frames decoded and queued for the model (after {@code vid_stride})
 * @param predicted frames whose results were delivered
 * @param dropped frames of a live source dropped because the model was behind ({@code stream_buffer=False})
 * @param fps results per second, from this source's first decoded frame to its last result
 * @param latencyMeanMs mean time from a frame's decode to its result, in milliseconds
 * @param latencyP50Ms median of those times (over the most recent 8,192 frames)
 * @param latencyP99Ms 99th percentile of those times (over the most recent 8,192 frames)
 * @param error why the source stopped early, or null when it ended normally (or is still running)
 */
public record StreamStats(int stream, String source, long decoded, long predicted, long dropped, double fps,
    double latencyMeanMs, double latencyP50Ms, double latencyP99Ms, String error) {

  /** One line: {@code 0 video.mp4: 300 frames, 0 dropped, 92.1 fps, latency p50 41.0 ms, p99 55.2 ms}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d %s: %d frames, %d dropped, %.1f fps, latency p50 %.1f ms, p99 %.1f ms%s",
        stream, source, predicted, dropped, fps, latencyP50Ms, latencyP99Ms, error == null ? "" : ", error: " + error);
  }
}
