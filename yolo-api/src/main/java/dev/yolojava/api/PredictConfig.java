package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * Options of {@link Yolo#predict}, with Ultralytics' names and defaults: {@code conf=0.25, iou=0.7, imgsz=640,
 * max_det=300, batch=1, half=false, agnostic_nms=false, classes=all, device=model's}. Immutable; build with
 * {@link #builder()}.
 */
public final class PredictConfig {
  private final float conf;
  private final float iou;
  private final int imgszH;
  private final int imgszW;
  private final boolean imgszExplicit;
  private final int maxDet;
  private final int batch;
  private final boolean half;
  private final boolean agnosticNms;
  private final boolean retinaMasks;
  private final ImmutableSet<Integer> classes;
  private final String device;
  private final Boolean end2end;
  private final int vidStride;
  private final boolean streamBuffer;
  private final boolean keepFrames;

  private PredictConfig(Builder b) {
    this.conf = b.conf;
    this.iou = b.iou;
    this.imgszH = b.imgszH;
    this.imgszW = b.imgszW;
    this.imgszExplicit = b.imgszExplicit;
    this.maxDet = b.maxDet;
    this.batch = b.batch;
    this.half = b.half;
    this.agnosticNms = b.agnosticNms;
    this.retinaMasks = b.retinaMasks;
    this.classes = ImmutableSet.copyOf(b.classes);
    this.device = b.device;
    this.end2end = b.end2end;
    this.vidStride = b.vidStride;
    this.streamBuffer = b.streamBuffer;
    this.keepFrames = b.keepFrames;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static PredictConfig defaults() {
    return builder().build();
  }

  /** A builder holding this configuration's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.conf = conf;
    b.iou = iou;
    b.imgszH = imgszH;
    b.imgszW = imgszW;
    b.imgszExplicit = imgszExplicit;
    b.maxDet = maxDet;
    b.batch = batch;
    b.half = half;
    b.agnosticNms = agnosticNms;
    b.retinaMasks = retinaMasks;
    b.classes = classes;
    b.device = device;
    b.end2end = end2end;
    b.vidStride = vidStride;
    b.streamBuffer = streamBuffer;
    b.keepFrames = keepFrames;
    return b;
  }

  public float conf() {
    return conf;
  }

  public float iou() {
    return iou;
  }

  public int imgszH() {
    return imgszH;
  }

  public int imgszW() {
    return imgszW;
  }

  /** Whether {@code imgsz} was set (else a classifier predicts at the size it was trained at, as Ultralytics). */
  public boolean imgszExplicit() {
    return imgszExplicit;
  }

  public int maxDet() {
    return maxDet;
  }

  public int batch() {
    return batch;
  }

  public boolean half() {
    return half;
  }

  public boolean agnosticNms() {
    return agnosticNms;
  }

  /**
   * Ultralytics' {@code retina_masks}: a segmentation model's masks made at the original image size (default false:
   * at the letterboxed input size, then resized to the image).
   */
  public boolean retinaMasks() {
    return retinaMasks;
  }

  public Set<Integer> classes() {
    return classes;
  }

  /** The device to run on, or null to keep the model's. */
  public String device() {
    return device;
  }

  /**
   * {@code end2end}: null keeps the model's head; false makes an end-to-end (YOLO26) model predict with its
   * one-to-many branch and NMS, as Ultralytics' {@code end2end=False}.
   */
  public Boolean end2end() {
    return end2end;
  }

  /** {@code vid_stride}: every Nth frame of a video or stream is predicted on (1: all). */
  public int vidStride() {
    return vidStride;
  }

  /**
   * {@code stream_buffer}: true keeps every frame of a live source (camera, network stream) until the model takes
   * it, so a slow model falls behind; false (Ultralytics' default) drops the oldest waiting frames so results stay
   * current. Files always wait for the model.
   */
  public boolean streamBuffer() {
    return streamBuffer;
  }

  /**
   * Whether video results keep their frame's pixels, for {@link Detections#plot()} and saving annotated videos
   * (a copy of every frame; off by default, as a long video's frames do not fit in memory).
   */
  public boolean keepFrames() {
    return keepFrames;
  }

  /** Builder with Ultralytics' predict defaults. */
  public static final class Builder {
    private float conf = 0.25f;
    private float iou = 0.7f;
    private int imgszH = 640;
    private int imgszW = 640;
    private boolean imgszExplicit;
    private int maxDet = 300;
    private int batch = 1;
    private boolean half;
    private boolean agnosticNms;
    private boolean retinaMasks;
    private Set<Integer> classes = Set.of();
    private String device;
    private Boolean end2end;
    private int vidStride = 1;
    private boolean streamBuffer;
    private boolean keepFrames;

    private Builder() {}

    public Builder conf(double v) {
      checkArgument(v >= 0 && v <= 1, "conf is %s, expected a value in [0, 1]", v);
      conf = (float) v;
      return this;
    }

    public Builder iou(double v) {
      checkArgument(v >= 0 && v <= 1, "iou is %s, expected a value in [0, 1]", v);
      iou = (float) v;
      return this;
    }

    public Builder imgsz(int size) {
      return imgsz(size, size);
    }

    public Builder imgsz(int h, int w) {
      checkArgument(h > 0 && w > 0, "imgsz is %sx%s, expected positive sizes", h, w);
      imgszH = h;
      imgszW = w;
      imgszExplicit = true;
      return this;
    }

    public Builder maxDet(int v) {
      checkArgument(v > 0, "max_det is %s, expected > 0", v);
      maxDet = v;
      return this;
    }

    public Builder batch(int v) {
      checkArgument(v > 0, "batch is %s, expected > 0", v);
      batch = v;
      return this;
    }

    public Builder half(boolean v) {
      half = v;
      return this;
    }

    /** See {@link PredictConfig#retinaMasks()}. */
    public Builder retinaMasks(boolean v) {
      retinaMasks = v;
      return this;
    }

    public Builder agnosticNms(boolean v) {
      agnosticNms = v;
      return this;
    }

    public Builder classes(Integer... ids) {
      classes = ImmutableSet.copyOf(ids);
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    /** {@code end2end}: false predicts an end-to-end (YOLO26) model with its one-to-many branch and NMS. */
    public Builder end2end(Boolean v) {
      end2end = v;
      return this;
    }

    /** {@code vid_stride}: predict on every Nth video frame. */
    public Builder vidStride(int v) {
      checkArgument(v >= 1, "vid_stride is %s, expected >= 1", v);
      vidStride = v;
      return this;
    }

    /** {@code stream_buffer}: keep every frame of live sources (true) or drop the oldest waiting ones (false). */
    public Builder streamBuffer(boolean v) {
      streamBuffer = v;
      return this;
    }

    /** Keep each video frame's pixels in its result (for plotting and saving). */
    public Builder keepFrames(boolean v) {
      keepFrames = v;
      return this;
    }

    public PredictConfig build() {
      return new PredictConfig(this);
    }
  }
}
