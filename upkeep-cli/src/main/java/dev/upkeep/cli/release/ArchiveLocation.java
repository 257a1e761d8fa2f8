package dev.upkeep.cli.release;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an archive is, as {@code --archive} or a named archive writes it: a directory (rmellipse's
 * file-system layout), {@code https://collector.example/} (an Upkeep collector) or {@code
 * cdcs+https://cdcs.example/} (a CDCS server). Immutable.
 */
sealed interface ArchiveLocation {
  /** A file-system archive. */
  record Directory(Path path) implements ArchiveLocation {}

  /** An Upkeep collector, by its http or https base URL. */
  record Collector(URI url) implements ArchiveLocation {}

  /** A CDCS server, by its http or https base URL (the {@code cdcs+} prefix removed). */
  record Cdcs(URI url) implements ArchiveLocation {}

  /** The host credentials are kept under ({@code rme+<host>}): host, and port when it has one. */
  static String host(URI url) {
    return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  /**
   * Reads a location.
   *
   * @param base what a relative directory is relative to
   * @throws IllegalArgumentException for a URL that does not parse or has another scheme
   */
  static ArchiveLocation parse(String spec, Path base) {
    int colon = spec.indexOf("://");
    if (colon < 0 || !spec.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return new Directory(base.resolve(spec).toAbsolutePath().normalize());
    }
    String scheme = spec.substring(0, colon).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> new Collector(url(spec, spec));
      case "cdcs+http", "cdcs+https" -> new Cdcs(url(spec.substring("cdcs+".length()), spec));
      case "file" -> new Directory(Path.of(url(spec, spec)));
      default ->
          throw new IllegalArgumentException(
              "archive "
                  + spec
                  + ": unknown scheme "
                  + scheme
                  + "://; use a directory, https://COLLECTOR/ or cdcs+https://CDCS/");
    };
  }

  private static URI url(String text, String spec) {
    try {
      URI url = new URI(text);
      if (url.getHost() == null) {
        throw new IllegalArgumentException("archive " + spec + ": the URL has no host");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("archive " + spec + ": not a URL: " + e.getMessage(), e);
    }
  }
}
