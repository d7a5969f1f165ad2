package dev.yolojava.core.io;

import java.util.function.Consumer;

/**
 * Pickles a minimal Ultralytics-shaped checkpoint: {'model': DetectionModel{_modules: {'model': Sequential{
 * _modules: {'0': Conv{...}}}}, names: {...}}, 'ema': None} where the caller writes the Conv's state entries.
 */
final class TinyCheckpoint {
  private TinyCheckpoint() {}

  static byte[] withConv(Consumer<PickleBuilder> convState) {
    PickleBuilder b = new PickleBuilder().emptyDict().mark().str("model");
    detectionModel(b, "a", convState);
    return b.str("ema").none().setItems().stop().bytes();
  }

  static void detectionModel(PickleBuilder b, String firstName, Consumer<PickleBuilder> convState) {
    b.moduleStart("ultralytics.nn.tasks", "DetectionModel").str("_parameters").orderedDict()
        .str("_buffers").orderedDict().str("_modules").orderedDict().mark().str("model");
    b.moduleStart("torch.nn.modules.container", "Sequential").str("_parameters").orderedDict()
        .str("_buffers").orderedDict().str("_modules").orderedDict().mark().str("0");
    b.moduleStart("ultralytics.nn.modules.conv", "Conv");
    convState.accept(b);
    b.moduleEnd(); // Conv
    b.setItems().moduleEnd(); // Sequential._modules, Sequential
    b.setItems(); // DetectionModel._modules
    b.str("names").emptyDict().mark().integer(0).str(firstName).integer(1).str("b").setItems();
    b.str("yaml").emptyDict().mark().str("scale").str("n").str("depth").op('G')
        .raw(new byte[] {0x3f, (byte) 0xd5, 0x1e, (byte) 0xb8, 0x51, (byte) 0xeb, (byte) 0x85, 0x1f}).setItems();
    b.moduleEnd();
  }

  /** A Conv with a single parameter {@code weight}. */
  static byte[] withWeight(String storageType, long numel, long[] size, long[] stride) {
    return withConv(b -> b.str("_parameters").orderedDict().mark().str("weight")
        .tensor(storageType, "0", numel, 0, size, stride).setItems().str("_buffers").orderedDict()
        .str("_modules").orderedDict());
  }
}
