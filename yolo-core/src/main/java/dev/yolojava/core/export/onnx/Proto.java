package dev.yolojava.core.export.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message written field by field with {@link CodedOutputStream}. ONNX needs only a dozen message
 * types and a few fields of each, so writing them by field number (as in {@code onnx.proto}) avoids generated
 * classes and a protoc step in the build.
 */
final class Proto {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  Proto int64(int field, long v) {
    try {
      out.writeInt64(field, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Proto float32(int field, float v) {
    try {
      out.writeFloat(field, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Proto string(int field, String s) {
    try {
      out.writeString(field, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Proto bytes(int field, byte[] b) {
    try {
      out.writeByteArray(field, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Proto message(int field, Proto m) {
    return bytes(field, m.toByteArray());
  }

  byte[] toByteArray() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
