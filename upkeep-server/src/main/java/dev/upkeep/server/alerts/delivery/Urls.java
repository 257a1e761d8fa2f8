package dev.upkeep.server.alerts.delivery;

import java.net.URI;
import java.util.Locale;

/** Checks destination URLs and writes them without what may be secret. */
final class Urls {
  private Urls() {}

  /**
   * {@code url} when it is an absolute http or https URL with a host and no user info.
   *
   * @throws IllegalArgumentException naming {@code setting}; the message shows the URL without its
   *     user info, query and fragment
   */
  static URI httpUrl(String setting, URI url) {
    if (url == null) {
      throw new IllegalArgumentException(setting + " is required");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          setting + " must be http or https, was " + withoutSecrets(url));
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException(setting + " must name a host, was " + withoutSecrets(url));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          setting
              + " must not carry user info (user:password@), was "
              + withoutSecrets(url)
              + "; receivers authenticate deliveries by their signature or a token in the path");
    }
    return url;
  }

  /** {@code scheme://host[:port]}. */
  static String origin(URI url) {
    return url.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** {@code scheme://host[:port]/path}: no user info, query or fragment. */
  static String withoutSecrets(URI url) {
    if (url.getScheme() == null || url.getHost() == null) {
      return "a URL without scheme or host";
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return origin(url) + path;
  }
}
