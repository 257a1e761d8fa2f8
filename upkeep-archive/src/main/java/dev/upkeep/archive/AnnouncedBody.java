package dev.upkeep.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;

/**
 * The body of a blob answer, failing when the connection ends before the {@code Content-Length} the
 * collector announced: {@link HttpURLConnection} ends such a body as if it were whole, and a pull
 * would take a transfer cut off for a corrupt blob and drop the bytes it got.
 */
final class AnnouncedBody extends FilterInputStream {
  private final long first;
  private final long length;
  private final BlobId blob;
  private final String archive;
  private long count;

  /** The body of {@code c}, from byte {@code first} of {@code blob}, from {@code archive}. */
  AnnouncedBody(HttpURLConnection c, long first, BlobId blob, String archive) throws IOException {
    super(c.getInputStream());
    this.first = first;
    this.length = c.getContentLengthLong();
    this.blob = blob;
    this.archive = archive;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    counted(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    counted(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count += skipped;
    return skipped;
  }

  private void counted(long n) throws IOException {
    if (n >= 0) {
      count += n;
    } else if (length >= 0 && count < length) {
      throw new IOException(
          "blob "
              + blob.abbreviated()
              + " from "
              + archive
              + ": the connection ended at byte "
              + (first + count)
              + " of "
              + (first + length)
              + "; pull again to continue from there");
    }
  }
}
