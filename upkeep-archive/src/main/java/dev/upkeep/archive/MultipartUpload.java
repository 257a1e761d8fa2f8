package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The body of CDCS's blob upload, {@code POST /rest/blob/}, as a stream: a {@code multipart/form-
 * data} form with the field {@code filename} and the part {@code blob} (as pycdcs sends them),
 * whose bytes are read from the caller's stream as the HTTP client sends them — never held whole —
 * and hashed on the way. Its {@link #length()} is known up front, so the request has a {@code
 * Content-Length} (Django does not read chunked request bodies).
 *
 * <p>When the caller's bytes are not exactly {@code size} long or do not hash to the blob, the
 * stream fails before the closing boundary, so the server never receives a complete form and keeps
 * nothing; {@link #problem()} then says what was wrong. Read by one thread; {@link #sent()} may be
 * read from another.
 */
final class MultipartUpload extends InputStream {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final long size;
  private final BlobId blob;
  private final String boundary = "upkeep-" + UUID.randomUUID().toString().replace("-", "");
  private final byte[] head;
  private final byte[] tail;
  private final BlobDigest digest = new BlobDigest(-1);
  private volatile long sent;
  private volatile String problem;
  private int headAt;
  private int tailAt;
  private boolean bodyDone;
  private boolean used;

  /**
   * @param filename the file name CDCS stores the blob under (its extension must be allowed)
   * @param in exactly {@code size} bytes; not closed
   */
  MultipartUpload(String filename, InputStream in, long size, BlobId blob) {
    this.in = in;
    this.size = size;
    this.blob = blob;
    this.head =
        ("--"
                + boundary
                + "\r\n"
                + "Content-Disposition: form-data; name=\"filename\"\r\n\r\n"
                + filename
                + "\r\n--"
                + boundary
                + "\r\n"
                + "Content-Disposition: form-data; name=\"blob\"; filename=\""
                + filename
                + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The request's {@code Content-Type}. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The whole body's length in bytes. */
  long length() {
    return head.length + size + tail.length;
  }

  /** Bytes handed to the HTTP client so far. */
  long sent() {
    return sent;
  }

  /** What was wrong with the caller's bytes, or null. */
  String problem() {
    return problem;
  }

  /** This stream, once: the HTTP client must not send it twice. */
  synchronized InputStream once() {
    if (used) {
      return InputStream.nullInputStream();
    }
    used = true;
    return this;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    if (headAt < head.length) {
      n = Math.min(len, head.length - headAt);
      System.arraycopy(head, headAt, b, off, n);
      headAt += n;
    } else if (!bodyDone) {
      n = body(b, off, len);
      if (n < 0) {
        return read(b, off, len);
      }
    } else if (tailAt < tail.length) {
      n = Math.min(len, tail.length - tailAt);
      System.arraycopy(tail, tailAt, b, off, n);
      tailAt += n;
    } else {
      return -1;
    }
    sent += n;
    return n;
  }

  /** Bytes of the blob; -1 once all {@code size} are read and checked. */
  private int body(byte[] b, int off, int len) throws IOException {
    long left = size - digest.count();
    if (left == 0) {
      if (in.read() >= 0) {
        throw refuse("more than " + size + " bytes came");
      }
      BlobId got = digest.blob();
      if (!got.equals(blob)) {
        throw refuse("the " + size + " bytes sent hash to " + got.abbreviated());
      }
      bodyDone = true;
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(Math.min(len, BUFFER), left));
    if (n < 0) {
      throw refuse("only " + digest.count() + " of " + size + " bytes came");
    }
    digest.update(b, off, n);
    return n;
  }

  private IOException refuse(String what) {
    problem = what;
    return new IOException("blob " + blob.abbreviated() + " not uploaded: " + what);
  }
}
