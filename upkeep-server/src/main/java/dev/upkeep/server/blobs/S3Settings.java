package dev.upkeep.server.blobs;

import java.net.URI;
import java.util.Locale;

/**
 * Where an {@link S3BlobStore} keeps its blobs: a bucket of AWS S3 or of an S3-compatible service
 * (MinIO, Ceph, Garage, S3Proxy, …), and a key prefix in it. Immutable; start from {@link
 * #parse(String)} and add what the URL does not say with the {@code with…} methods:
 *
 * <pre>{@code
 * S3Settings s = S3Settings.parse("s3://releases/upkeep")      // bucket releases, prefix upkeep
 *     .withEndpoint(URI.create("http://127.0.0.1:9000"))       // not AWS
 *     .withPathStyle(true)
 *     .withCredentials("upkeep", "secret");
 * }</pre>
 *
 * @param bucket the bucket's name: not blank, no {@code /}
 * @param prefix the keys' prefix, without a leading or trailing {@code /}; empty for none
 * @param endpoint the service's base URI ({@code http} or {@code https}), or null for AWS S3
 * @param region the signing region, e.g. {@code eu-west-1}; null for the SDK's default (the {@code
 *     AWS_REGION} variable, the {@code aws.region} property, the profile file, the instance) with
 *     AWS, {@code us-east-1} with another endpoint
 * @param pathStyle whether requests name the bucket in the path ({@code endpoint/bucket/key})
 *     rather than in the host name ({@code bucket.endpoint/key}): true for most S3-compatible
 *     services
 * @param accessKeyId the access key id, or null (with {@code secretAccessKey}) for the SDK's
 *     default credential chain (environment, system properties, profile files, container and
 *     instance credentials)
 * @param secretAccessKey the secret of {@code accessKeyId}; never printed by {@link #toString()}
 */
public record S3Settings(
    String bucket,
    String prefix,
    URI endpoint,
    String region,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey) {

  /**
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public S3Settings {
    if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException(
          "S3 bucket must be a bucket's name (not blank, no '/'), was '" + bucket + "'");
    }
    prefix = trimSlashes(prefix == null ? "" : prefix);
    if (endpoint != null) {
      String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "S3 endpoint must be an http:// or https:// URL, was '" + endpoint + "'");
      }
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 access key id and secret access key go together: set both, or neither for the"
              + " default credential chain");
    }
  }

  /**
   * The settings of {@code s3://bucket/prefix} (the prefix may be left out, or have several
   * segments): AWS S3, the default region and credentials, virtual-host-style requests.
   *
   * @throws IllegalArgumentException when {@code url} is not such a URL
   */
  public static S3Settings parse(String url) {
    String rest = url == null ? "" : url.strip();
    if (!rest.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      throw new IllegalArgumentException(
          "an S3 blob store is given as s3://bucket/prefix, was '" + url + "'");
    }
    rest = rest.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException(
          "an S3 blob store is given as s3://bucket/prefix, and '" + url + "' names no bucket");
    }
    return new S3Settings(bucket, prefix, null, null, false, null, null);
  }

  /** These settings with the service at {@code endpoint} (null for AWS S3). */
  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(
        bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
  }

  /** These settings with requests signed for {@code region} (null for the default). */
  public S3Settings withRegion(String region) {
    return new S3Settings(
        bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
  }

  /** These settings with path-style requests, or virtual-host-style ones. */
  public S3Settings withPathStyle(boolean pathStyle) {
    return new S3Settings(
        bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
  }

  /** These settings with a static access key (both null for the default credential chain). */
  public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
    return new S3Settings(
        bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
  }

  /** The key of the object named {@code name} under the prefix. */
  String key(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** {@code s3://bucket/prefix}, for messages. */
  public String url() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The settings with the secret access key redacted. */
  @Override
  public String toString() {
    return "S3Settings[url="
        + url()
        + ", endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + (region == null ? "default" : region)
        + ", pathStyle="
        + pathStyle
        + ", accessKeyId="
        + (accessKeyId == null ? "default chain" : accessKeyId)
        + ", secretAccessKey="
        + (secretAccessKey == null ? "default chain" : "(redacted)")
        + "]";
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }
}
