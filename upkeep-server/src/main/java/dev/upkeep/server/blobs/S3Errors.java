package dev.upkeep.server.blobs;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The SDK's failures as the {@link IOException}s of a {@link BlobStore}, each naming the object,
 * what was done to it, and what to check.
 */
final class S3Errors {
  private S3Errors() {}

  /**
   * @param doing what failed, as a verb: {@code "read"}, {@code "store"}, {@code "look up"}
   * @param key the object's key
   */
  static IOException io(SdkException e, String doing, S3Settings settings, String key) {
    String object = "s3://" + settings.bucket() + "/" + key;
    String where =
        settings.endpoint() == null ? "AWS S3" : "the S3 service at " + settings.endpoint();
    if (e instanceof S3Exception s3) {
      String code = code(s3);
      int status = s3.statusCode();
      if (s3 instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
        return new IOException(
            "could not "
                + doing
                + " "
                + object
                + ": bucket '"
                + settings.bucket()
                + "' does not exist at "
                + where
                + "; check the bucket's name, the region and the endpoint",
            e);
      }
      if (status == 401 || status == 403) {
        return new IOException(
            "could not "
                + doing
                + " "
                + object
                + ": "
                + where
                + " refused it ("
                + status
                + (code.isEmpty() ? "" : " " + code)
                + "); check the access key id and secret (or the credentials the default chain"
                + " finds), that they may read and write the bucket, and the region",
            e);
      }
      return new IOException(
          "could not "
              + doing
              + " "
              + object
              + ": "
              + where
              + " answered "
              + status
              + (code.isEmpty() ? "" : " " + code)
              + (s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null
                  ? ""
                  : " (" + s3.awsErrorDetails().errorMessage() + ")"),
          e);
    }
    return new IOException(
        "could not "
            + doing
            + " "
            + object
            + " at "
            + where
            + ": "
            + e.getMessage()
            + "; check the endpoint, the network and the credentials",
        e);
  }

  /** The S3 error code, e.g. {@code AccessDenied}; empty when the answer had none (a HEAD). */
  static String code(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }
}
