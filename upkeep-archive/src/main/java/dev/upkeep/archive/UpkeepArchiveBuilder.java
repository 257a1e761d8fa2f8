package dev.upkeep.archive;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/** Builds an {@link UpkeepArchive}. Not thread-safe. */
public final class UpkeepArchiveBuilder {
  final URI base;
  String token;
  String project;
  int connectTimeoutMs = UpkeepArchive.DEFAULT_CONNECT_TIMEOUT_MS;
  int readTimeoutMs = UpkeepArchive.DEFAULT_READ_TIMEOUT_MS;
  SSLContext trust;

  UpkeepArchiveBuilder(URI base) {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "a collector is an http or https URL such as https://collector.example/, was " + base);
    }
    this.base = base;
  }

  /** The token sent with every request ({@code Authorization: Bearer}); none by default. */
  public UpkeepArchiveBuilder token(String token) {
    this.token = token == null || token.isBlank() ? null : token.strip();
    return this;
  }

  /**
   * The project ({@code owner/name}) a first release of a title is published under; by default the
   * collector chooses the project whose name is the title.
   */
  public UpkeepArchiveBuilder project(String project) {
    this.project = project;
    return this;
  }

  /**
   * The connect and read timeouts; defaults {@value UpkeepArchive#DEFAULT_CONNECT_TIMEOUT_MS} ms
   * and so on.
   */
  public UpkeepArchiveBuilder timeouts(Duration connect, Duration read) {
    this.connectTimeoutMs = Math.toIntExact(connect.toMillis());
    this.readTimeoutMs = Math.toIntExact(read.toMillis());
    return this;
  }

  /** Trusts these CAs instead of the JVM's ({@link CaBundle}); TLS is verified either way. */
  public UpkeepArchiveBuilder trust(SSLContext trust) {
    this.trust = trust;
    return this;
  }

  public UpkeepArchive build() {
    return new UpkeepArchive(this);
  }
}
