package dev.upkeep.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Sends a file to one S3 object, which appears whole or not at all: one PutObject up to the
 * threshold, a multipart upload above it (aborted on any failure). The SDK's URL-connection client
 * holds a request's body in memory, so the memory of a send is one part (or the threshold),
 * whatever the file's size. Thread-safe.
 */
final class S3Put {
  /** S3's smallest part but the last: 5 MiB. */
  static final long MIN_PART_SIZE = 5L << 20;

  /** S3's most parts of one upload. */
  private static final int MAX_PARTS = 10_000;

  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client s3;
  private final S3Settings settings;
  private final long threshold;
  private final long partSize;

  S3Put(S3Client s3, S3Settings settings, long threshold, long partSize) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "S3 parts must be at least " + MIN_PART_SIZE + " bytes, was " + partSize);
    }
    if (threshold < 0) {
      throw new IllegalArgumentException(
          "multipart threshold must be at least 0, was " + threshold);
    }
    this.s3 = s3;
    this.settings = settings;
    this.threshold = threshold;
    this.partSize = partSize;
  }

  /** Stores the {@code size} bytes of {@code file} as {@code key}. */
  void put(String key, Path file, long size) throws IOException {
    try {
      if (size <= threshold) {
        s3.putObject(
            b -> b.bucket(settings.bucket()).key(key).contentLength(size).contentType(CONTENT_TYPE),
            RequestBody.fromFile(file));
      } else {
        multipart(key, file, size);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SdkException e) {
      throw S3Errors.io(e, "store", settings, key);
    }
  }

  private void multipart(String key, Path file, long size) throws IOException {
    String upload =
        s3.createMultipartUpload(
                b -> b.bucket(settings.bucket()).key(key).contentType(CONTENT_TYPE))
            .uploadId();
    try {
      // parts grow past partSize only for a blob above 10 000 of them (156 GiB at 16 MiB)
      long each = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long at = 0; at < size; at += each, number++) {
        long length = Math.min(each, size - at);
        int n = number;
        String etag;
        try (Slice slice = new Slice(file, at, length)) {
          etag =
              s3.uploadPart(
                      b ->
                          b.bucket(settings.bucket())
                              .key(key)
                              .uploadId(upload)
                              .partNumber(n)
                              .contentLength(length),
                      RequestBody.fromContentProvider(slice, length, CONTENT_TYPE))
                  .eTag();
        }
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(settings.bucket())
                  .key(key)
                  .uploadId(upload)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(upload));
      } catch (RuntimeException abort) {
        // a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes what is left
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  /**
   * {@code length} bytes of a file from {@code offset}, as often as the SDK asks for them (a retry,
   * or signing then sending); the stream given before is closed at each ask and at the end.
   */
  private static final class Slice implements ContentStreamProvider, AutoCloseable {
    private final Path file;
    private final long offset;
    private final long length;
    private InputStream open;

    Slice(Path file, long offset, long length) {
      this.file = file;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public synchronized InputStream newStream() {
      try {
        close();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        open = new Bounded(Channels.newInputStream(channel), length);
        return open;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (open != null) {
        open.close();
        open = null;
      }
    }
  }

  /** At most {@code left} bytes of a stream. */
  private static final class Bounded extends java.io.FilterInputStream {
    private long left;

    Bounded(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
