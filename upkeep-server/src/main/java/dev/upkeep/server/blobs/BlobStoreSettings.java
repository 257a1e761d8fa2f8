package dev.upkeep.server.blobs;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the collector keeps the blobs of hosted releases: {@code blob-store = disk} (the default:
 * {@code <data>/blobs}) or {@code blob-store = s3://bucket/prefix} with {@code s3-endpoint}, {@code
 * s3-region}, {@code s3-path-style} and {@code s3-access-key-id}/{@code s3-secret-access-key} (see
 * {@link S3Settings}). Immutable.
 *
 * @param store {@code disk} or an {@code s3://} URL
 * @param endpoint the S3 service's URL, or null for AWS S3
 * @param region the S3 signing region, or null for the default
 * @param pathStyle whether S3 requests name the bucket in the path
 * @param accessKeyId the S3 access key id, or null for the SDK's credential chain
 * @param secretAccessKey its secret, or null; printed as {@code ***}
 */
public record BlobStoreSettings(
    String store,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey) {
  /** The default {@code blob-store}: {@value}. */
  public static final String DISK = "disk";

  /** {@code blob-store = disk}, nothing else set. */
  public static BlobStoreSettings defaults() {
    return new BlobStoreSettings(DISK, null, null, false, null, null);
  }

  /**
   * These settings with one changed, by its name.
   *
   * @throws IllegalArgumentException for a bad value or a key that is not one of these
   */
  public BlobStoreSettings with(String key, String value) {
    String v = value.isBlank() ? null : value.strip();
    return switch (key) {
      case "blob-store" -> {
        String s = v == null ? DISK : v;
        if (!s.equals(DISK)) {
          S3Settings.parse(s); // checks it
        }
        yield new BlobStoreSettings(s, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
      }
      case "s3-endpoint" ->
          new BlobStoreSettings(
              store,
              v == null ? null : URI.create(v),
              region,
              pathStyle,
              accessKeyId,
              secretAccessKey);
      case "s3-region" ->
          new BlobStoreSettings(store, endpoint, v, pathStyle, accessKeyId, secretAccessKey);
      case "s3-path-style" -> {
        if (v != null && !v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("must be true or false, was '" + v + "'");
        }
        yield new BlobStoreSettings(
            store, endpoint, region, "true".equals(v), accessKeyId, secretAccessKey);
      }
      case "s3-access-key-id" ->
          new BlobStoreSettings(store, endpoint, region, pathStyle, v, secretAccessKey);
      case "s3-secret-access-key" ->
          new BlobStoreSettings(store, endpoint, region, pathStyle, accessKeyId, v);
      default -> throw new IllegalArgumentException("unknown setting");
    };
  }

  /** The settings as {@code upkeep config} prints them, the secret as {@code ***}. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("blob-store", store);
    if (!store.equals(DISK)) {
      m.put("s3-endpoint", endpoint == null ? "(AWS S3)" : endpoint.toString());
      m.put("s3-region", region == null ? "(default)" : region);
      m.put("s3-path-style", Boolean.toString(pathStyle));
      m.put("s3-access-key-id", accessKeyId == null ? "(default chain)" : accessKeyId);
      m.put("s3-secret-access-key", secretAccessKey == null ? "(default chain)" : "***");
    }
    return m;
  }

  /**
   * Opens the store: nothing is read or written on disk; an S3 client is built.
   *
   * @param blobs the disk store's directory, whose {@code uploads/} also stages S3 uploads
   * @param maxSize the largest blob taken, in bytes
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public BlobStore open(Path blobs, long maxSize) {
    if (store.equals(DISK)) {
      return new DiskBlobStore(blobs, maxSize);
    }
    S3Settings s3 =
        S3Settings.parse(store)
            .withEndpoint(endpoint)
            .withRegion(region)
            .withPathStyle(pathStyle)
            .withCredentials(accessKeyId, secretAccessKey);
    return new S3BlobStore(s3, blobs.resolve("uploads"), maxSize);
  }
}
