package dev.upkeep.server.blobs;

import dev.upkeep.archive.BlobId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs in a bucket of AWS S3 or an S3-compatible service ({@link S3Settings}): a stored blob is
 * the object {@code <prefix>/blobs/<h[0:2]>/<h>} (h its SHA-256 in hex). Uploads behave as with
 * {@link DiskBlobStore}: parts of any size, over any number of requests, are staged on the
 * collector's disk in {@code <staging>/<h>.part} (appended and forced before they are
 * acknowledged); once all bytes arrived and hash to the blob's id, the file is sent to S3 and
 * deleted. A blob is in the bucket only once verified, and whole: one PutObject up to {@value
 * #MULTIPART_THRESHOLD} bytes, a multipart upload in parts of {@value #PART_SIZE} bytes above
 * (aborted on failure). When S3 fails then, the verified bytes stay staged and an empty last part
 * (from byte {@code total}) sends them again.
 *
 * <p>{@link #open} streams a ranged GetObject; {@link #size} is a HeadObject. Failures of S3
 * (credentials, bucket, network) are {@link IOException}s naming the object and what to check.
 * Memory stays flat whatever the blob size: one 64 KiB buffer per upload staged, about one part per
 * blob sent to S3 (the JDK's URL connection holds a request's body), nothing per read.
 *
 * <p>The client is built at construction (the SDK's default region and credential chains are
 * consulted then, when the settings leave them out) and no request is sent before the first call.
 * Thread-safe; one collector per staging directory; {@link #close} releases the client.
 */
public final class S3BlobStore implements BlobStore {
  /** The largest blob sent in one PutObject: {@value} bytes (16 MiB). */
  public static final long MULTIPART_THRESHOLD = 16L << 20;

  /** The size of the parts of a multipart upload: {@value} bytes (16 MiB). */
  public static final long PART_SIZE = 16L << 20;

  private final S3Settings settings;
  private final S3Client s3;
  private final StagedUploads uploads;
  private final S3Put put;

  /**
   * @param settings the bucket, prefix, endpoint and credentials
   * @param staging the directory of unfinished uploads, e.g. {@code <data-dir>/blobs/uploads}
   * @param maxSize the largest blob taken, in bytes ({@link DiskBlobStore#DEFAULT_MAX_BLOB_SIZE})
   * @throws IllegalArgumentException when the region is left out and the SDK finds none
   */
  public S3BlobStore(S3Settings settings, Path staging, long maxSize) {
    this(settings, staging, maxSize, MULTIPART_THRESHOLD, PART_SIZE);
  }

  /** With another threshold and part size (at least 5 MiB), for tests. */
  S3BlobStore(
      S3Settings settings, Path staging, long maxSize, long multipartThreshold, long partSize) {
    this.settings = settings;
    this.uploads = new StagedUploads(staging, maxSize, new IntoBucket());
    this.s3 = client(settings);
    this.put = new S3Put(s3, settings, multipartThreshold, partSize);
  }

  private static S3Client client(S3Settings settings) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .forcePathStyle(settings.pathStyle());
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
      // the blobs are hashed here before they are sent: the SDK's extra checksums, which not every
      // S3-compatible service takes, only when an operation requires them
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
      b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (settings.region() != null) {
      b.region(Region.of(settings.region()));
    } else if (settings.endpoint() != null) {
      b.region(Region.US_EAST_1);
    }
    if (settings.accessKeyId() != null) {
      b.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
    }
    try {
      return b.build();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException(
          "the S3 client for "
              + settings.url()
              + " could not be made ("
              + e.getMessage()
              + "); set the S3 region, or AWS_REGION",
          e);
    }
  }

  @Override
  public OptionalLong size(BlobId blob) throws IOException {
    String key = key(blob);
    try {
      return OptionalLong.of(
          s3.headObject(b -> b.bucket(settings.bucket()).key(key)).contentLength());
    } catch (NoSuchKeyException e) {
      return OptionalLong.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && S3Errors.code(e).isEmpty()) {
        // a HEAD answer has no body, so no error code: a missing object (or bucket)
        return OptionalLong.empty();
      }
      throw S3Errors.io(e, "look up", settings, key);
    } catch (SdkException e) {
      throw S3Errors.io(e, "look up", settings, key);
    }
  }

  @Override
  public long received(BlobId blob) throws IOException {
    return uploads.received(blob);
  }

  @Override
  public long write(BlobId blob, long offset, long total, InputStream in) throws IOException {
    return uploads.write(blob, offset, total, in);
  }

  @Override
  public InputStream open(BlobId blob, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be at least 0, was " + offset);
    }
    String key = key(blob);
    try {
      return new Reading(
          s3.getObject(
              b -> {
                b.bucket(settings.bucket()).key(key);
                if (offset > 0) {
                  b.range("bytes=" + offset + "-");
                }
              }),
          key);
    } catch (NoSuchKeyException e) {
      throw missing(blob, key);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        // from the blob's end (or past it) there is nothing to read, as from a file
        if (size(blob).isEmpty()) {
          throw missing(blob, key);
        }
        return InputStream.nullInputStream();
      }
      throw S3Errors.io(e, "read", settings, key);
    } catch (SdkException e) {
      throw S3Errors.io(e, "read", settings, key);
    }
  }

  /** Closes the S3 client; the store is not used after. */
  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + settings + "]";
  }

  private String key(BlobId blob) {
    return settings.key("blobs/" + blob.hex().substring(0, 2) + "/" + blob.hex());
  }

  private NoSuchFileException missing(BlobId blob, String key) {
    return new NoSuchFileException(
        "s3://" + settings.bucket() + "/" + key,
        null,
        "blob " + blob.abbreviated() + " is not stored");
  }

  /** A verified upload is sent to the bucket. */
  private final class IntoBucket implements StagedUploads.Destination {
    @Override
    public boolean has(BlobId blob) throws IOException {
      return size(blob).isPresent();
    }

    @Override
    public void store(BlobId blob, Path file, long size) throws IOException {
      try {
        put.put(key(blob), file, size);
      } catch (IOException e) {
        throw new IOException(
            e.getMessage()
                + " (the blob's "
                + size
                + " bytes stay staged: its upload resumes at byte "
                + size
                + ")",
            e);
      }
    }
  }

  /** An object's bytes as S3 streams them, the SDK's unchecked failures as IOExceptions. */
  private final class Reading extends FilterInputStream {
    private final String key;

    Reading(InputStream in, String key) {
      super(in);
      this.key = key;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (SdkException e) {
        throw S3Errors.io(e, "read", settings, key);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (SdkException e) {
        throw S3Errors.io(e, "read", settings, key);
      }
    }
  }
}
