package dev.upkeep.server.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible service in this process for tests: S3Proxy on an ephemeral port, keeping its
 * buckets in a directory and checking request signatures, with one bucket, {@value #BUCKET}, made
 * at start. {@link #s3()} is a client of it, for looking at the objects.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String BUCKET = "upkeep-blobs";
  public static final String ACCESS_KEY = "upkeep-test";
  public static final String SECRET = "upkeep-test-secret";

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client s3;

  private LocalS3(S3Proxy proxy, URI endpoint, S3Client s3) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.s3 = s3;
  }

  /** Starts the service, its buckets kept under {@code dir}. */
  public static LocalS3 start(Path dir) throws Exception {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(dir.toString()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET)
            .build();
    proxy.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> "STARTED".equals(proxy.getState()));
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
            .build();
    s3.createBucket(b -> b.bucket(BUCKET));
    return new LocalS3(proxy, endpoint, s3);
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client s3() {
    return s3;
  }

  @Override
  public void close() throws Exception {
    s3.close();
    proxy.stop();
  }
}
