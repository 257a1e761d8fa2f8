package dev.upkeep.archive;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds a {@link CdcsArchive}; from {@link CdcsArchive#builder}. Not thread-safe; the archive it
 * builds is.
 */
public final class CdcsArchiveBuilder {
  /** How long connecting may take by default: {@value} seconds. */
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * How long the server may keep silent by default: {@value} seconds — for an answer's headers,
   * between two chunks of a body, and during an upload between two bytes taken or after the last.
   */
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

  /** The extension blobs are uploaded with by default: {@value}. */
  public static final String DEFAULT_BLOB_EXTENSION = "bin";

  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,16}");

  private final URI base;
  private final CdcsAuth auth;
  private HttpClient client;
  private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
  private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  private String blobExtension = DEFAULT_BLOB_EXTENSION;
  private Clock clock = Clock.systemUTC();

  CdcsArchiveBuilder(URI base, CdcsAuth auth) {
    this.base = Objects.requireNonNull(base, "base");
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /**
   * How long connecting may take; default {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} s. Ignored with
   * {@link #httpClient}, which has its own.
   */
  public CdcsArchiveBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * How long the server may keep silent; default {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s. A
   * large upload or download that keeps moving is never cut short.
   */
  public CdcsArchiveBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return this;
  }

  /**
   * The HTTP client to use (its proxy, TLS and connect timeout); by default one of HTTP/1.1 that
   * follows no redirects (the archive follows them itself, on the same host only) and verifies TLS
   * certificates.
   */
  public CdcsArchiveBuilder httpClient(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /**
   * The file extension blobs are uploaded with, {@code <sha256>.<extension>}; default {@value
   * #DEFAULT_BLOB_EXTENSION}. A CDCS (core_main_app 2.21 on) refuses extensions not on its
   * allow-list; a blob is shared by every file with its bytes, so it has no name of its own.
   *
   * @param extension 1 to 16 ASCII letters and digits, without the dot
   */
  public CdcsArchiveBuilder blobExtension(String extension) {
    Objects.requireNonNull(extension, "extension");
    if (!EXTENSION.matcher(extension).matches()) {
      throw new IllegalArgumentException(
          "blobExtension must be 1 to 16 ASCII letters and digits, was '" + extension + "'");
    }
    this.blobExtension = extension;
    return this;
  }

  /** The clock that dates yanks; default the system's, in UTC. */
  public CdcsArchiveBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The archive. Does no I/O.
   *
   * @throws IllegalArgumentException when the base URL is not {@code http(s)://host[:port][/path]}
   *     without query, fragment or user information
   */
  public CdcsArchive build() {
    URI url = normalise(base);
    HttpClient http =
        client != null
            ? client
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    String name = "cdcs+" + url;
    return new CdcsArchive(
        new CdcsHttp(url, auth, http, requestTimeout, name), name, blobExtension, clock);
  }

  /** {@code base} with a path ending in {@code /}, so that REST paths resolve under it. */
  static URI normalise(URI base) {
    String scheme = base.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || base.getHost() == null) {
      throw new IllegalArgumentException(
          "CDCS base URL must be http(s)://host[:port][/path], was '" + base + "'");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "CDCS base URL must have no query or fragment, was '" + base + "'");
    }
    if (base.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "CDCS base URL must not hold credentials; give them as a CdcsAuth");
    }
    String path =
        base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
    if (!path.endsWith("/")) {
      path += "/";
    }
    return URI.create(
        scheme.toLowerCase(java.util.Locale.ROOT) + "://" + base.getRawAuthority() + path);
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
