package dev.upkeep.server.api.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's files, read from the class path on first use and kept in memory: the page, its
 * style sheet and ES modules from {@code dev/upkeep/server/dashboard/}, and Chart.js's UMD build
 * from its webjar ({@code META-INF/resources/webjars/chart.js/<version>/dist/chart.umd.min.js},
 * whose version is read from the webjar's own {@code pom.properties}, so it is written only in the
 * parent POM). Thread-safe.
 */
final class DashboardAssets {
  /** Where the page and its modules live on the class path. */
  static final String BASE = "/dev/upkeep/server/dashboard/";

  /** The dashboard's own files, served at {@code /dashboard/<name>}. */
  static final List<String> FILES =
      List.of(
          "index.html",
          "public.html",
          "public.js",
          "dashboard.css",
          "main.js",
          "api.js",
          "session.js",
          "signin.js",
          "range.js",
          "queries.js",
          "releases.js",
          "health.js",
          "interval.js",
          "alerts.js",
          "model.js",
          "card.js",
          "charts.js",
          "theme.js",
          "export.js",
          "format.js",
          "favicon.svg");

  /** The name Chart.js is served under: {@code /dashboard/vendor/chart.umd.min.js}. */
  static final String CHART_JS = "vendor/chart.umd.min.js";

  private static final String CHART_JS_POM =
      "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private volatile Map<String, Asset> assets;

  /** The asset of that name ({@code index.html}, {@code vendor/chart.umd.min.js}, ...), if any. */
  Optional<Asset> find(String name) {
    return Optional.ofNullable(all().get(name));
  }

  private Map<String, Asset> all() {
    Map<String, Asset> a = assets;
    if (a == null) {
      synchronized (this) {
        a = assets;
        if (a == null) {
          a = load();
          assets = a;
        }
      }
    }
    return a;
  }

  private static Map<String, Asset> load() {
    Map<String, Asset> m = new LinkedHashMap<>();
    for (String f : FILES) {
      m.put(f, Asset.of(read(BASE + f), Asset.contentType(f)));
    }
    m.put(CHART_JS, Asset.of(read(chartJsPath()), Asset.contentType(CHART_JS)));
    return Map.copyOf(m);
  }

  /** The class-path location of Chart.js's UMD build, from the webjar's version. */
  static String chartJsPath() {
    Properties p = new Properties();
    try (InputStream in = DashboardAssets.class.getResourceAsStream(CHART_JS_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "the Chart.js webjar (org.webjars.npm:chart.js) is missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHART_JS_POM, e);
    }
    return "/META-INF/resources/webjars/chart.js/"
        + p.getProperty("version")
        + "/dist/chart.umd.min.js";
  }

  private static byte[] read(String resource) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }
}
