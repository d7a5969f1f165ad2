package dev.yolojava.api;

import com.google.common.collect.ImmutableList;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The detections of one image, as Ultralytics' {@code Results.boxes}: in descending confidence order, boxes in the
 * original image's pixels. Immutable.
 */
public final class Detections {
  private static final Color[] PALETTE = {
    new Color(0xFF3838), new Color(0xFF9D97), new Color(0xFF701F), new Color(0xFFB21D), new Color(0xCFD231),
    new Color(0x48F90A), new Color(0x92CC17), new Color(0x3DDB86), new Color(0x1A9334), new Color(0x00D4BB),
    new Color(0x2C99A8), new Color(0x00C2FF), new Color(0x344593), new Color(0x6473FF), new Color(0x0018EC),
    new Color(0x8438FF), new Color(0x520085), new Color(0xCB38FF), new Color(0xFF95C8), new Color(0xFF37C7)
  };

  private final String source;
  private final int height;
  private final int width;
  private final ImmutableList<Detection> boxes;
  private final int[] inferenceShape; // [h, w] of the letterboxed input; null when unknown
  private final double[] speed; // ms: preprocess, inference, postprocess; null when unknown
  private final VideoFrame frame; // null for images
  private final BufferedImage frameImage; // the video frame's pixels when kept (keepFrames), else null
  // one per box for segmentation models, else empty; made at the image's size only when asked for
  private final java.util.function.Supplier<ImmutableList<Mask>> masks;
  private final ImmutableList<Keypoints> keypoints; // one per box for pose models, else empty
  private final Probs probs; // a classifier's class probabilities (no boxes), else null

  public Detections(String source, int height, int width, List<Detection> boxes) {
    this(source, height, width, boxes, null, null);
  }

  Detections(String source, int height, int width, List<Detection> boxes, int[] inferenceShape, double[] speed) {
    this(source, height, width, boxes, inferenceShape, speed, null, null, ImmutableList::of, ImmutableList.of());
  }

  /** With the masks of a segmentation model, made by {@code masks} on first use (one per box). */
  Detections(String source, int height, int width, List<Detection> boxes, int[] inferenceShape, double[] speed,
      java.util.function.Supplier<List<Mask>> masks) {
    this(source, height, width, boxes, inferenceShape, speed, null, null, () -> ImmutableList.copyOf(masks.get()),
        ImmutableList.of());
  }

  /** With the keypoints of a pose model (one per box). */
  Detections(String source, int height, int width, List<Detection> boxes, int[] inferenceShape, double[] speed,
      List<Keypoints> keypoints) {
    this(source, height, width, boxes, inferenceShape, speed, null, null, ImmutableList::of,
        ImmutableList.copyOf(keypoints));
  }

  /** A classifier's result for one image: its class probabilities, no boxes. */
  Detections(String source, int height, int width, Probs probs, int[] inferenceShape, double[] speed) {
    this(source, height, width, List.of(), inferenceShape, speed, null, null, ImmutableList::of, ImmutableList.of(),
        probs);
  }

  private Detections(String source, int height, int width, List<Detection> boxes, int[] inferenceShape,
      double[] speed, VideoFrame frame, BufferedImage frameImage,
      java.util.function.Supplier<ImmutableList<Mask>> masks, ImmutableList<Keypoints> keypoints) {
    this(source, height, width, boxes, inferenceShape, speed, frame, frameImage, masks, keypoints, null);
  }

  private Detections(String source, int height, int width, List<Detection> boxes, int[] inferenceShape,
      double[] speed, VideoFrame frame, BufferedImage frameImage,
      java.util.function.Supplier<ImmutableList<Mask>> masks, ImmutableList<Keypoints> keypoints, Probs probs) {
    this.source = source;
    this.probs = probs;
    this.height = height;
    this.width = width;
    this.boxes = ImmutableList.copyOf(boxes);
    this.inferenceShape = inferenceShape;
    this.speed = speed;
    this.frame = frame;
    this.frameImage = frameImage;
    int n = this.boxes.size();
    if (!keypoints.isEmpty() && keypoints.size() != n) {
      throw new IllegalArgumentException(keypoints.size() + " keypoint sets for " + n + " boxes");
    }
    this.keypoints = keypoints;
    this.masks = com.google.common.base.Suppliers.memoize(() -> {
      ImmutableList<Mask> m = masks.get();
      if (!m.isEmpty() && m.size() != n) {
        throw new IllegalStateException(m.size() + " masks for " + n + " boxes");
      }
      return m;
    });
  }

  /** These detections as those of a video frame, with its pixels when kept. */
  Detections ofFrame(VideoFrame f, BufferedImage pixels) {
    return new Detections(source, height, width, boxes, inferenceShape, speed, f, pixels, masks, keypoints, probs);
  }

  /** The video frame these detections belong to; empty for images. */
  public java.util.Optional<VideoFrame> frame() {
    return java.util.Optional.ofNullable(frame);
  }

  /** The letterboxed input's {@code [height, width]} the model saw, as in Ultralytics' predict line; or null. */
  public int[] inferenceShape() {
    return inferenceShape == null ? null : inferenceShape.clone();
  }

  /**
   * Milliseconds of this image: {@code preprocess} (decode and letterbox), {@code inference}, {@code postprocess}
   * (NMS), its share of its batch's, as Ultralytics' {@code Results.speed}; empty when unknown. On CUDA the pipeline
   * does not wait for the GPU to time it, so part of the inference may count as postprocess.
   */
  public java.util.Map<String, Double> speed() {
    return speed == null ? java.util.Map.of() : java.util.Map.of("preprocess", speed[0], "inference", speed[1],
        "postprocess", speed[2]);
  }

  /**
   * A classifier's class probabilities (Ultralytics' {@code Results.probs}); empty for detection, segmentation and
   * pose models.
   */
  public java.util.Optional<Probs> probs() {
    return java.util.Optional.ofNullable(probs);
  }

  /**
   * Ultralytics' summary of the classes found, in class-id order: {@code 4 persons, 1 bus} or "(no detections)"; for
   * a classifier its five most probable classes, {@code disc 0.97, ring 0.02, ...}.
   */
  public String summary() {
    if (probs != null) {
      StringBuilder sb = new StringBuilder();
      for (int c : probs.top5()) {
        sb.append(String.format(Locale.ROOT, "%s %.2f, ", probs.names().get(c), probs.data()[c]));
      }
      return sb.substring(0, sb.length() - 2);
    }
    if (boxes.isEmpty()) {
      return "(no detections)";
    }
    java.util.TreeMap<Integer, int[]> counts = new java.util.TreeMap<>();
    java.util.Map<Integer, String> names = new java.util.HashMap<>();
    for (Detection d : boxes) {
      counts.computeIfAbsent(d.classId(), k -> new int[1])[0]++;
      names.putIfAbsent(d.classId(), d.className());
    }
    StringBuilder sb = new StringBuilder();
    counts.forEach((c, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n[0]).append(' ')
        .append(names.get(c)).append(n[0] > 1 ? "s" : ""));
    return sb.toString();
  }

  /** Where the image came from: a path, or a description like {@code image0}. */
  public String source() {
    return source;
  }

  /** Original image height in pixels. */
  public int height() {
    return height;
  }

  /** Original image width in pixels. */
  public int width() {
    return width;
  }

  public List<Detection> boxes() {
    return boxes;
  }

  public int size() {
    return boxes.size();
  }

  /**
   * The instance masks of a segmentation model, one per box in the order of {@link #boxes()}, at the original
   * image's size; empty for detection models. (Ultralytics' {@code masks.data} stays at the letterboxed input's size
   * unless {@code retina_masks}; these are that, resized to the image, made on first call.)
   */
  public List<Mask> masks() {
    return masks.get();
  }

  /**
   * The keypoints of a pose model, one set per box in the order of {@link #boxes()}, in the original image's pixels
   * (Ultralytics' {@code Results.keypoints}); empty for other models.
   */
  public List<Keypoints> keypoints() {
    return keypoints;
  }

  /**
   * The source image read from its file (any format OpenCV reads) with the boxes drawn, as Ultralytics'
   * {@code Results.plot()}. For images given in memory, draw onto them with {@link #draw}.
   *
   * @throws IllegalStateException when the source is not a readable image file
   */
  public BufferedImage plot() {
    return plot(true, true, 0);
  }

  /**
   * As {@link #plot()}, with Ultralytics' {@code show_labels}, {@code show_conf} and {@code line_width} (0 scales
   * with the image).
   */
  public BufferedImage plot(boolean labels, boolean conf, int lineWidth) {
    return draw(image(), labels, conf, lineWidth);
  }

  /**
   * The source image read from its file (any format OpenCV reads), undrawn; for {@link #crops(BufferedImage)} and
   * {@link #draw(BufferedImage, boolean, boolean, int)} on one decode.
   *
   * @throws IllegalStateException when the source is not a readable image file
   */
  public BufferedImage image() {
    if (frameImage != null) {
      return copy(frameImage); // drawing on the result must not change the kept frame
    }
    if (frame != null) {
      throw new IllegalStateException("plot: the pixels of frame " + frame.index() + " of '" + source + "' were not"
          + " kept; predict with PredictConfig.builder().keepFrames(true) to plot video frames");
    }
    java.nio.file.Path file = source == null ? null : java.nio.file.Path.of(source);
    if (file == null || !java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalStateException("plot: the source '" + source + "' is not an image file; draw onto the image"
          + " you predicted on with draw(image)");
    }
    try (org.bytedeco.opencv.opencv_core.Mat bgr = dev.yolojava.data.image.Images.read(file)) {
      return dev.yolojava.data.image.Images.toBufferedImage(bgr);
    }
  }

  private static BufferedImage copy(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
    img.copyData(out.getRaster());
    return out;
  }

  /** Draws the boxes and labels (name and confidence) onto {@code image} in place, and returns it. */
  public BufferedImage draw(BufferedImage image) {
    return draw(image, true, true, 0);
  }

  /**
   * Draws onto {@code image} in place: boxes, and labels with the class name ({@code labels}) and the confidence
   * ({@code conf}); {@code lineWidth} 0 scales the lines with the image, as Ultralytics' {@code line_width=None}.
   */
  public BufferedImage draw(BufferedImage image, boolean labels, boolean conf, int lineWidth) {
    Graphics2D g = image.createGraphics();
    if (probs != null) {
      try {
        drawProbs(g, image);
      } finally {
        g.dispose();
      }
      return image;
    }
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int lw = lineWidth > 0 ? lineWidth : Math.max(Math.round((image.getWidth() + image.getHeight()) / 2f * 0.003f),
          2);
      g.setStroke(new BasicStroke(lw));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, lw * 6)));
      List<Mask> ms = masks();
      for (int i = 0; i < ms.size(); i++) { // under the boxes, half transparent, as Ultralytics draws them
        fillMask(image, ms.get(i), PALETTE[boxes.get(i).classId() % PALETTE.length]);
      }
      for (Keypoints k : keypoints) {
        drawKeypoints(g, k, image.getWidth(), image.getHeight(), lw);
      }
      for (Detection d : boxes) {
        Color c = PALETTE[d.classId() % PALETTE.length];
        g.setColor(c);
        int x = Math.round(d.x1());
        int y = Math.round(d.y1());
        g.drawRect(x, y, Math.round(d.width()), Math.round(d.height()));
        if (!labels && !conf) {
          continue;
        }
        String label = labels && conf ? String.format(Locale.ROOT, "%s %.2f", d.className(), d.conf())
            : labels ? d.className() : String.format(Locale.ROOT, "%.2f", d.conf());
        int tw = g.getFontMetrics().stringWidth(label);
        int th = g.getFontMetrics().getHeight();
        int ty = y - th < 0 ? y : y - th;
        g.fillRect(x, ty, tw + 4, th);
        g.setColor(Color.WHITE);
        g.drawString(label, x + 2, ty + th - g.getFontMetrics().getDescent());
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** A classifier's five most probable classes as text at the top left, one per line, as Ultralytics draws them. */
  private void drawProbs(Graphics2D g, BufferedImage image) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int size = Math.max(10, Math.round((image.getWidth() + image.getHeight()) / 2f * 0.035f));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    int y = Math.max(5, Math.round(image.getWidth() * 0.02f)) + g.getFontMetrics().getAscent();
    float[] p = probs.data();
    for (int c : probs.top5()) {
      String line = String.format(Locale.ROOT, "%s %.2f", probs.names().get(c), p[c]);
      g.setColor(Color.WHITE);
      g.drawString(line, Math.max(5, Math.round(image.getWidth() * 0.02f)), y);
      y += g.getFontMetrics().getHeight();
    }
  }

  // Ultralytics' pose palette (its BGR values), the COCO skeleton (1-based) and the colours it gives 17-point poses
  private static final int[][] POSE_PALETTE_BGR = {
    {255, 128, 0}, {255, 153, 51}, {255, 178, 102}, {230, 230, 0}, {255, 153, 255}, {153, 204, 255}, {255, 102, 255},
    {255, 51, 255}, {102, 178, 255}, {51, 153, 255}, {255, 153, 153}, {255, 102, 102}, {255, 51, 51}, {153, 255, 153},
    {102, 255, 102}, {51, 255, 51}, {0, 255, 0}, {0, 0, 255}, {255, 0, 0}, {255, 255, 255}
  };
  private static final int[][] SKELETON = {
    {16, 14}, {14, 12}, {17, 15}, {15, 13}, {12, 13}, {6, 12}, {7, 13}, {6, 7}, {6, 8}, {7, 9}, {8, 10}, {9, 11},
    {2, 3}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}, {5, 7}
  };
  private static final int[] LIMB_COLOR = {9, 9, 9, 9, 7, 7, 7, 0, 0, 0, 0, 0, 16, 16, 16, 16, 16, 16, 16};
  private static final int[] KPT_COLOR = {16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9};

  private static Color pose(int i) {
    int[] bgr = POSE_PALETTE_BGR[i];
    return new Color(bgr[2], bgr[1], bgr[0]);
  }

  /**
   * Ultralytics' {@code Annotator.kpts}: a dot (radius 5) per keypoint whose confidence is at least 0.5 and that is not
   * on the image's left or top edge (where it puts keypoints it did not find); for 17-point human poses the COCO
   * skeleton between such points, in its colours.
   */
  private static void drawKeypoints(Graphics2D g, Keypoints k, int w, int h, int lw) {
    boolean human = k.size() == 17;
    for (int i = 0; i < k.size(); i++) {
      if (shown(k, i, w, h)) {
        g.setColor(human ? pose(KPT_COLOR[i]) : PALETTE[i % PALETTE.length]);
        g.fillOval((int) k.x(i) - 5, (int) k.y(i) - 5, 10, 10);
      }
    }
    if (!human) {
      return;
    }
    java.awt.Stroke before = g.getStroke();
    g.setStroke(new BasicStroke((float) Math.ceil(lw / 2.0)));
    for (int i = 0; i < SKELETON.length; i++) {
      int a = SKELETON[i][0] - 1;
      int b = SKELETON[i][1] - 1;
      if (shown(k, a, w, h) && shown(k, b, w, h)) {
        g.setColor(pose(LIMB_COLOR[i]));
        g.drawLine((int) k.x(a), (int) k.y(a), (int) k.x(b), (int) k.y(b));
      }
    }
    g.setStroke(before);
  }

  private static boolean shown(Keypoints k, int i, int w, int h) {
    return k.conf(i) >= 0.5f && k.x(i) % w != 0 && k.y(i) % h != 0;
  }

  private static void fillMask(BufferedImage image, Mask m, Color c) {
    int w = Math.min(m.width(), image.getWidth());
    int h = Math.min(m.height(), image.getHeight());
    byte[] px = m.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (px[y * m.width() + x] != 0) {
          int rgb = image.getRGB(x, y);
          int r = (((rgb >> 16) & 0xff) + c.getRed()) / 2;
          int gr = (((rgb >> 8) & 0xff) + c.getGreen()) / 2;
          int b = ((rgb & 0xff) + c.getBlue()) / 2;
          image.setRGB(x, y, (rgb & 0xff000000) | r << 16 | gr << 8 | b);
        }
      }
    }
  }

  /**
   * Ultralytics' {@code save_txt} lines: {@code class x_center y_center width height} normalised to the image (for a
   * segmentation model {@code class x1 y1 x2 y2 ...}, the mask's outline; a pose model's lines go on with each
   * keypoint's {@code x y} and, if predicted, its visibility), with the confidence last when
   * {@code withConf} ({@code save_conf}).
   */
  public List<String> txtLines(boolean withConf) {
    if (probs != null) { // Ultralytics' save_txt for a classifier: "conf name" for the top five
      List<String> lines = new java.util.ArrayList<>();
      float[] p = probs.data();
      for (int c : probs.top5()) {
        lines.add(String.format(Locale.ROOT, "%.2f %s", p[c], probs.names().get(c)));
      }
      return lines;
    }
    List<String> out = new java.util.ArrayList<>(boxes.size());
    List<Mask> ms = masks();
    for (int i = 0; i < boxes.size(); i++) {
      Detection d = boxes.get(i);
      StringBuilder line = new StringBuilder().append(d.classId());
      if (ms.isEmpty()) {
        float[] c = d.xywh();
        line.append(' ').append(g(c[0] / width)).append(' ').append(g(c[1] / height)).append(' ')
            .append(g(c[2] / width)).append(' ').append(g(c[3] / height));
        if (!keypoints.isEmpty()) { // pose: each keypoint's x y (and visibility) after the box, as Ultralytics
          Keypoints k = keypoints.get(i);
          for (int j = 0; j < k.size(); j++) {
            line.append(' ').append(g(k.x(j) / width)).append(' ').append(g(k.y(j) / height));
            if (k.hasConf()) {
              line.append(' ').append(g(k.conf(j)));
            }
          }
        }
      } else { // segmentation: the outline, normalised (Ultralytics' masks.xyn)
        float[] poly = ms.get(i).polygon();
        for (int k = 0; k < poly.length; k += 2) {
          line.append(' ').append(g(poly[k] / width)).append(' ').append(g(poly[k + 1] / height));
        }
      }
      out.add(withConf ? line + " " + g(d.conf()) : line.toString());
    }
    return out;
  }

  /** Python's {@code %g}: six significant digits, no trailing zeros. */
  private static String g(double v) {
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  /**
   * Ultralytics' {@code save_crop}: each detection's region of the source image, the box widened by 2% and 10 pixels
   * as its {@code save_one_box} does, clipped to the image; in the order of {@link #boxes()}.
   */
  public List<BufferedImage> crops() {
    return crops(image());
  }

  /** As {@link #crops()}, from the source image already read (the crops share its pixels). */
  public List<BufferedImage> crops(BufferedImage img) {
    List<BufferedImage> out = new java.util.ArrayList<>(boxes.size());
    for (Detection d : boxes) {
      float[] c = d.xywh();
      double w = c[2] * 1.02 + 10;
      double h = c[3] * 1.02 + 10;
      int x1 = (int) Math.max(0, Math.min(img.getWidth(), c[0] - w / 2));
      int y1 = (int) Math.max(0, Math.min(img.getHeight(), c[1] - h / 2));
      int x2 = (int) Math.max(0, Math.min(img.getWidth(), c[0] + w / 2));
      int y2 = (int) Math.max(0, Math.min(img.getHeight(), c[1] + h / 2));
      out.add(img.getSubimage(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1)));
    }
    return out;
  }

  /** JSON like Ultralytics' {@code Results.to_json()}: a list of {name, class, confidence, box}. */
  public String toJson() {
    if (probs != null) { // Ultralytics' summary() of a classifier: its top class
      return String.format(Locale.ROOT, "[{\"name\": \"%s\", \"class\": %d, \"confidence\": %.5f}]",
          probs.top1Name().replace("\\", "\\\\").replace("\"", "\\\""), probs.top1(), probs.top1conf());
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < boxes.size(); i++) {
      Detection d = boxes.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT,
          "{\"name\": \"%s\", \"class\": %d, \"confidence\": %.5f, \"box\": {\"x1\": %.5f, \"y1\": %.5f, "
              + "\"x2\": %.5f, \"y2\": %.5f}",
          d.className().replace("\\", "\\\\").replace("\"", "\\\""), d.classId(), d.conf(), d.x1(), d.y1(),
          d.x2(), d.y2()));
      if (!keypoints.isEmpty()) { // as Ultralytics' summary(): "keypoints": {"x": [...], "y": [...], "visible": [...]}
        sb.append(keypointsJson(keypoints.get(i)));
      }
      sb.append('}');
    }
    return sb.append("]").toString();
  }

  private static String keypointsJson(Keypoints k) {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    StringBuilder v = new StringBuilder();
    for (int j = 0; j < k.size(); j++) {
      String sep = j == 0 ? "" : ", ";
      x.append(sep).append(String.format(Locale.ROOT, "%.5f", k.x(j)));
      y.append(sep).append(String.format(Locale.ROOT, "%.5f", k.y(j)));
      v.append(sep).append(String.format(Locale.ROOT, "%.5f", k.conf(j)));
    }
    return ", \"keypoints\": {\"x\": [" + x + "], \"y\": [" + y + "]"
        + (k.hasConf() ? ", \"visible\": [" + v + "]" : "") + "}";
  }

  @Override
  public String toString() {
    if (frame != null) {
      return String.format(Locale.ROOT, "%s frame %d: %dx%d %d detections", source, frame.index(), width, height,
          boxes.size());
    }
    return String.format(Locale.ROOT, "%s: %dx%d %d detections", source, width, height, boxes.size());
  }
}
