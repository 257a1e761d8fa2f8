package dev.upkeep.server.limits;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The setting {@code rate-limit-store}: where the limits are counted. {@code memory} (in each
 * collector alone), {@code postgres} (in the collector's PostgreSQL database, shared by every
 * collector using it) or a Redis URL {@code redis://[[user]:password@]host[:port][/db]} ({@code
 * rediss://} for TLS; port 6379 and database 0 by default), shared by every collector using it.
 * Immutable.
 */
public final class LimitBackend {
  /** Where the limits live. */
  public enum Kind {
    MEMORY,
    POSTGRES,
    REDIS
  }

  /** In each collector alone. */
  public static final LimitBackend MEMORY = new LimitBackend(Kind.MEMORY, null);

  /** In the collector's PostgreSQL database ({@code database-url}). */
  public static final LimitBackend POSTGRES = new LimitBackend(Kind.POSTGRES, null);

  private final Kind kind;
  private final String redisUrl;

  private LimitBackend(Kind kind, String redisUrl) {
    this.kind = kind;
    this.redisUrl = redisUrl;
  }

  /**
   * Reads the setting's value.
   *
   * @throws IllegalArgumentException naming what is wrong, for anything but {@code memory}, {@code
   *     postgres} or a Redis URL with a host, an optional port and an optional database number
   */
  public static LimitBackend parse(String value) {
    String v = Objects.requireNonNull(value, "value").strip();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("memory")) {
      return MEMORY;
    }
    if (lower.equals("postgres")) {
      return POSTGRES;
    }
    if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
      throw new IllegalArgumentException(
          "must be memory, postgres or redis://host:port[/db], was \"" + redact(v) + "\"");
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid Redis URL: " + redact(v), e);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !path.matches("/?|/\\d{1,5}")) {
      throw new IllegalArgumentException(
          "must be redis://[[user]:password@]host[:port][/db] (no query), was \""
              + redact(v)
              + "\"");
    }
    return new LimitBackend(Kind.REDIS, v);
  }

  /** Where the limits live. */
  public Kind kind() {
    return kind;
  }

  /** The Redis URL as configured (it may hold a password), or null when not {@link Kind#REDIS}. */
  public String redisUrl() {
    return redisUrl;
  }

  /** The setting's value with any password replaced by {@code ***}. */
  @Override
  public String toString() {
    return switch (kind) {
      case MEMORY -> "memory";
      case POSTGRES -> "postgres";
      case REDIS -> redact(redisUrl);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LimitBackend b && b.kind == kind && Objects.equals(b.redisUrl, redisUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, redisUrl);
  }

  /**
   * {@code redis://user:secret@host} as {@code redis://user:***@host}, {@code redis://secret@host}
   * (a password alone, as Redis URLs allow) as {@code redis://***@host}.
   */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    int slash = url.indexOf('/', scheme + 3);
    if (scheme < 0 || at < scheme || (slash >= 0 && at > slash)) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String shown = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
    return url.substring(0, scheme + 3) + shown + url.substring(at);
  }
}
