package dev.yolojava.core.parallel;

import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ImageStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers the per-image validation statistics of every rank's shard to rank 0. Because {@link BoxStats} orders
 * images by index, the merged statistics (and so the metrics) are identical to a single pass over all images,
 * whatever the sharding.
 */
public final class StatsExchange {
  private StatsExchange() {}

  /** Rank 0: the union of all ranks' statistics; other ranks: empty. Every rank must call it. */
  public static Optional<BoxStats> gatherToRank0(DistGroup group, BoxStats local) {
    List<byte[]> all = group.gatherBytes(encode(local));
    if (group.rank() != 0) {
      return Optional.empty();
    }
    List<BoxStats> shards = new ArrayList<>(all.size());
    for (byte[] bytes : all) {
      shards.add(decode(bytes));
    }
    return Optional.of(BoxStats.merge(shards));
  }

  /**
   * Serializes {@code stats} (format: count, then per image index, whether it has the task's statistics, n, per
   * prediction tp bits (and tp_m or tp_p bits), conf, predCls; then targetCls).
   */
  public static byte[] encode(BoxStats stats) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      List<ImageStats> images = stats.images();
      out.writeInt(images.size());
      for (ImageStats image : images) {
        out.writeInt(image.imageIndex());
        boolean[][] tp = image.tp();
        boolean[][] taskTp = image.taskTp();
        float[] conf = image.conf();
        int[] predCls = image.predCls();
        out.writeBoolean(taskTp != null);
        out.writeInt(tp.length);
        for (int i = 0; i < tp.length; i++) {
          out.writeShort(bits(tp[i]));
          if (taskTp != null) {
            out.writeShort(bits(taskTp[i]));
          }
          out.writeFloat(conf[i]);
          out.writeInt(predCls[i]);
        }
        int[] targetCls = image.targetCls();
        out.writeInt(targetCls.length);
        for (int c : targetCls) {
          out.writeInt(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static int bits(boolean[] row) {
    int bits = 0;
    for (int j = 0; j < row.length; j++) {
      bits |= row[j] ? 1 << j : 0;
    }
    return bits;
  }

  private static void unpack(int bits, boolean[] row) {
    for (int j = 0; j < row.length; j++) {
      row[j] = (bits & (1 << j)) != 0;
    }
  }

  /** Inverse of {@link #encode}. */
  public static BoxStats decode(byte[] data) {
    BoxStats stats = new BoxStats();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int count = in.readInt();
      for (int k = 0; k < count; k++) {
        int index = in.readInt();
        boolean task = in.readBoolean();
        int n = in.readInt();
        boolean[][] tp = new boolean[n][dev.yolojava.core.metrics.BoxMatching.NUM_IOU];
        boolean[][] taskTp = task ? new boolean[n][dev.yolojava.core.metrics.BoxMatching.NUM_IOU] : null;
        float[] conf = new float[n];
        int[] predCls = new int[n];
        for (int i = 0; i < n; i++) {
          unpack(in.readShort(), tp[i]);
          if (task) {
            unpack(in.readShort(), taskTp[i]);
          }
          conf[i] = in.readFloat();
          predCls[i] = in.readInt();
        }
        int[] targetCls = new int[in.readInt()];
        for (int t = 0; t < targetCls.length; t++) {
          targetCls[t] = in.readInt();
        }
        ImageStats image = new ImageStats(index, tp, conf, predCls, targetCls);
        stats.add(task ? image.withTaskTp(taskTp) : image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("validation statistics from a peer are truncated: " + e.getMessage(), e);
    }
    return stats;
  }
}
