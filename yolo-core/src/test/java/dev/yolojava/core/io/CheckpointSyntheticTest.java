package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-built checkpoint exercising shared storages, offsets, strides, every floating type and state_dict rules. */
class CheckpointSyntheticTest {
  @TempDir Path dir;

  private static final Consumer<PickleBuilder> CONV = b -> b
      .str("_parameters").orderedDict().mark()
      .str("weight").tensor("FloatStorage", "0", 12, 2, new long[] {2, 3}, new long[] {1, 2})
      .str("bias").tensor("FloatStorage", "0", 12, 10, new long[] {2}, new long[] {1})
      .str("gone").none()
      .str("h").tensor("HalfStorage", "3", 5, 0, new long[] {5}, new long[] {1})
      .str("d").tensor("DoubleStorage", "4", 1, 0, new long[] {1}, new long[] {1})
      .setItems()
      .str("_buffers").orderedDict().mark()
      .str("running_mean").tensor("BFloat16Storage", "1", 2, 0, new long[] {2}, new long[] {1})
      .str("skipme").tensor("HalfStorage", "3", 5, 1, new long[] {2}, new long[] {1})
      .str("num_batches_tracked").tensor("LongStorage", "2", 1, 0, new long[0], new long[0])
      .setItems()
      .str("_non_persistent_buffers_set").global("builtins", "set").op(']').str("skipme").op('a').op(0x85)
      .reduce()
      .str("_modules").orderedDict();

  private static Map<String, byte[]> storages() {
    ByteBuffer f = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      f.putFloat(i);
    }
    ByteBuffer h = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    for (int bits : new int[] {0x0001, 0x7c00, 0xfc00, 0x3c00, 0xc000}) {
      h.putShort((short) bits);
    }
    return Map.of(
        "0", f.array(),
        "1", new byte[] {(byte) 0xc0, 0x3f, 0x00, (byte) 0xc0}, // bf16 1.5, -2.0
        "2", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array(),
        "3", h.array(),
        "4", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).array());
  }

  @Test
  void namesOrdersAndDecodesLikeTorch() throws Exception {
    Path pt = PickleBuilder.writeCheckpoint(dir.resolve("tiny.pt"), TinyCheckpoint.withConv(CONV), storages());
    Checkpoint ckpt = Checkpoint.load(pt);
    assertThat(ckpt.stateDictRefs().keySet()).containsExactly("model.0.weight", "model.0.bias", "model.0.h",
        "model.0.d", "model.0.running_mean", "model.0.num_batches_tracked");
    LinkedHashMap<String, TensorRef> refs = ckpt.stateDictRefs();
    // weight[i][j] = storage[2 + i + 2j]; bias shares the storage at offset 10
    assertThat(ckpt.floats("weight", refs.get("model.0.weight"))).containsExactly(2, 4, 6, 3, 5, 7);
    assertThat(ckpt.floats("bias", refs.get("model.0.bias"))).containsExactly(10, 11);
    assertThat(ckpt.floats("h", refs.get("model.0.h"))).containsExactly(0x1p-24f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 1f, -2f);
    assertThat(ckpt.floats("d", refs.get("model.0.d"))).containsExactly(0.25f);
    assertThat(ckpt.floats("rm", refs.get("model.0.running_mean"))).containsExactly(1.5f, -2f);
    assertThat(refs.get("model.0.weight").isParameter()).isFalse();
    assertThat(ckpt.names()).containsExactly("a", "b");
    assertThat(ckpt.yaml()).containsEntry("scale", "n").containsEntry("depth", 0.33);
    assertThat(ckpt.moduleTypes()).containsExactly("Conv");

    try (PointerScope scope = new PointerScope()) {
      LinkedHashMap<String, Tensor> sd = ckpt.stateDict();
      Tensor w = sd.get("model.0.weight");
      assertThat(w.is_contiguous()).isTrue();
      assertThat(w.sizes().vec().get()).containsExactly(2, 3);
      float[] v = new float[6];
      w.data_ptr_float().get(v);
      assertThat(v).containsExactly(2, 4, 6, 3, 5, 7);
      assertThat(sd.get("model.0.d").scalar_type().intern()).isEqualTo(ScalarType.Float);
      Tensor nbt = sd.get("model.0.num_batches_tracked");
      assertThat(nbt.scalar_type().intern()).isEqualTo(ScalarType.Long);
      assertThat(nbt.item_long()).isEqualTo(42);
    }
  }

  @Test
  void prefersEmaOverModel() throws Exception {
    PickleBuilder b = new PickleBuilder().emptyDict().mark().str("model");
    TinyCheckpoint.detectionModel(b, "from_model", CONV);
    b.str("ema");
    TinyCheckpoint.detectionModel(b, "from_ema", CONV);
    b.str("epoch").integer(7).str("best_fitness").op('G').raw(new byte[] {0x3f, (byte) 0xe0, 0, 0, 0, 0, 0, 0});
    Path pt = PickleBuilder.writeCheckpoint(dir.resolve("ema.pt"), b.setItems().stop().bytes(), storages());
    Checkpoint ckpt = Checkpoint.load(pt);
    assertThat(ckpt.names()).isEqualTo(List.of("from_ema", "b"));
    assertThat(ckpt.epoch()).hasValue(7);
    assertThat(ckpt.bestFitness()).hasValue(0.5);
  }
}
