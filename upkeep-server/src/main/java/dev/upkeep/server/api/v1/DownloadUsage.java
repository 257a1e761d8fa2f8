package dev.upkeep.server.api.v1;

import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.ReleaseStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code usage?kind=download}: completed pulls of a project's hosted releases, from the rollup of
 * downloads per release and UTC day ({@link ReleaseStore#downloads}). {@code from} and {@code to}
 * are widened to whole UTC days; the metric is hits only (no one's identity is kept, so there are
 * no users to count); {@code by} is {@code version} (ordered by SemVer precedence, the title
 * prefixed when the project hosts several) or {@code day}, and {@code over=day} gives each version
 * its daily series. Stateless; thread-safe.
 */
final class DownloadUsage {
  /** The kind that asks for downloads: {@value}. */
  static final String KIND = "download";

  private final ReleaseStore releases;

  DownloadUsage(ReleaseStore releases) {
    this.releases = releases;
  }

  /**
   * Checks that downloads can answer {@code q}.
   *
   * @throws ApiException 400 for a metric other than hits or a breakdown other than by version or
   *     day
   */
  static void check(UsageQuery q) {
    if (q.metric() != Metric.HITS) {
      throw ApiException.badRequest(
          "downloads are counted without who pulled: only metric=hits, not " + q.metric().id());
    }
    if (q.by() != null && q.by() != Dimension.VERSION && q.by() != Dimension.DAY) {
      throw ApiException.badRequest(
          "downloads are counted per release and day: by=version or by=day, not " + q.by().id());
    }
  }

  /** The answer, in the shape of every usage answer ({@code hits}, {@code buckets}). */
  Map<String, Object> answer(Project project, UsageQuery q) {
    check(q);
    LocalDate from = LocalDate.ofInstant(q.from(), ZoneOffset.UTC);
    LocalDate to = LocalDate.ofInstant(q.to(), ZoneOffset.UTC);
    List<ReleaseDownloads> rows = releases.downloads(project.id(), from, to.plusDays(1));
    boolean titled = rows.stream().map(r -> r.workspace() + "/" + r.title()).distinct().count() > 1;
    long total = rows.stream().mapToLong(ReleaseDownloads::downloads).sum();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project.name());
    out.put("from", from.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    out.put(
        "to", to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1).toString());
    out.put("kind", KIND);
    out.put("metric", Metric.HITS.id());
    out.put("unique", false);
    out.put("hits", total);
    if (q.by() == Dimension.DAY) {
      Map<LocalDate, Long> perDay = new TreeMap<>();
      rows.forEach(r -> perDay.merge(r.day(), r.downloads(), Long::sum));
      out.put("by", "day");
      out.put("buckets", series(perDay, from, to).stream().map(DownloadUsage::json).toList());
    } else if (q.by() == Dimension.VERSION) {
      Map<String, Map<LocalDate, Long>> perVersion = new LinkedHashMap<>();
      rows.stream()
          .sorted(Comparator.comparing(r -> ReleaseVersion.of(r.version())))
          .forEach(
              r ->
                  perVersion
                      .computeIfAbsent(
                          titled ? r.title() + " " + r.version() : r.version(),
                          k -> new TreeMap<>())
                      .merge(r.day(), r.downloads(), Long::sum));
      List<Map<String, Object>> buckets = new ArrayList<>();
      perVersion.forEach(
          (version, days) -> {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("key", version);
            b.put("count", days.values().stream().mapToLong(Long::longValue).sum());
            if (q.overDays()) {
              b.put("series", series(days, from, to).stream().map(DownloadUsage::json).toList());
            }
            buckets.add(b);
          });
      out.put("by", "version");
      if (q.overDays()) {
        out.put("over", "day");
      }
      out.put("buckets", buckets);
    }
    return out;
  }

  /** Every day from {@code from} to {@code to}, zeros included. */
  private static List<Bucket> series(Map<LocalDate, Long> counts, LocalDate from, LocalDate to) {
    List<Bucket> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(new Bucket(d.toString(), counts.getOrDefault(d, 0L)));
    }
    return out;
  }

  private static Map<String, Object> json(Bucket b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", b.key());
    m.put("count", b.count());
    return m;
  }
}
