package dev.upkeep.signing.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The Unix modes a zip's central directory records for its entries (the upper 16 bits of an entry's
 * external attributes when it was made on Unix, as Info-ZIP's {@code zip} writes them), which
 * {@code java.util.zip} does not expose. Entries without one are absent from the map.
 */
final class ZipModes {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int UNIX = 3;

  private ZipModes() {}

  static Map<String, Integer> read(Path zip) throws IOException {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = ch.size();
      int tailLength = (int) Math.min(size, 22 + 0xffff);
      ByteBuffer tail = read(ch, size - tailLength, tailLength);
      int eocd = -1;
      for (int i = tailLength - 22; i >= 0; i--) {
        if (tail.getInt(i) == EOCD) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) {
        throw new IOException(zip + ": not a zip file (no end of central directory)");
      }
      long entries = tail.getShort(eocd + 10) & 0xffff;
      long directorySize = tail.getInt(eocd + 12) & 0xffffffffL;
      long directoryOffset = tail.getInt(eocd + 16) & 0xffffffffL;
      if ((entries == 0xffff || directoryOffset == 0xffffffffL || directorySize == 0xffffffffL)
          && eocd >= 20
          && tail.getInt(eocd - 20) == ZIP64_LOCATOR) {
        long zip64Offset = tail.getLong(eocd - 20 + 8);
        ByteBuffer z = read(ch, zip64Offset, 56);
        if (z.getInt(0) != ZIP64_EOCD) {
          throw new IOException(zip + ": damaged zip64 end of central directory");
        }
        entries = z.getLong(32);
        directorySize = z.getLong(40);
        directoryOffset = z.getLong(48);
      }
      if (directorySize > Integer.MAX_VALUE || directoryOffset + directorySize > size) {
        throw new IOException(zip + ": damaged central directory");
      }
      ByteBuffer dir = read(ch, directoryOffset, (int) directorySize);
      Map<String, Integer> modes = new HashMap<>();
      int at = 0;
      for (long n = 0; n < entries; n++) {
        if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL_HEADER) {
          throw new IOException(zip + ": damaged central directory at entry " + n);
        }
        int madeBy = (dir.getShort(at + 4) & 0xffff) >>> 8;
        int nameLength = dir.getShort(at + 28) & 0xffff;
        int extraLength = dir.getShort(at + 30) & 0xffff;
        int commentLength = dir.getShort(at + 32) & 0xffff;
        int mode = (dir.getInt(at + 38) >>> 16) & 0xffff;
        byte[] name = new byte[nameLength];
        dir.get(at + 46, name);
        if (madeBy == UNIX && mode != 0) {
          // java.util.zip.ZipFile reads every name as UTF-8 by default; so do we.
          modes.put(new String(name, StandardCharsets.UTF_8), mode);
        }
        at += 46 + nameLength + extraLength + commentLength;
      }
      return modes;
    }
  }

  private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of zip file");
      }
    }
    return buf.flip();
  }
}
