package dev.upkeep.server.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.roaringbitmap.RoaringBitmap;

/**
 * User bitmaps to and from the bytes of {@code rollup_users.bitmap} (Roaring's portable format).
 */
final class Bitmaps {
  private Bitmaps() {}

  /** The portable serialisation of {@code bitmap}, run containers used where they are smaller. */
  static byte[] toBytes(RoaringBitmap bitmap) {
    bitmap.runOptimize();
    ByteBuffer out = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
    bitmap.serialize(out);
    return out.array();
  }

  /**
   * Reads what {@link #toBytes} wrote.
   *
   * @throws UncheckedIOException when the bytes are not a serialised bitmap
   */
  static RoaringBitmap fromBytes(byte[] bytes) {
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("rollup_users.bitmap is not a Roaring bitmap: " + e, e);
    }
    return bitmap;
  }
}
