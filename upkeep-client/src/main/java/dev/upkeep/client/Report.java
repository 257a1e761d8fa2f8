package dev.upkeep.client;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A usage report in usagestats' model: ordered key/value notes, duplicates kept, submitted once as
 * one event of kind {@code report}. Like every event it obeys the consent mode: sent when on, kept
 * on disk when local (sent oldest first after {@link UpkeepClient#enable()}), dropped when off.
 *
 * <pre>{@code
 * upkeep.report("example/mytool", "2.3.0")
 *     .note("command", "convert")
 *     .note("input_format", "tiff")
 *     .submit(ReportFlag.OS, ReportFlag.JAVA, ReportFlag.SESSION_TIME);
 * }</pre>
 *
 * <p>Limits (those of an event): at most 256 pairs, keys up to 200 and values up to 8192
 * characters; a report beyond them is dropped at submit and counted as refused. Newlines in values
 * become spaces, as usagestats does. Not thread-safe: build a report on one thread.
 */
public final class Report {
  private final Recorder client;
  private final String project;
  private final String version;
  private final List<Map.Entry<String, String>> pairs = new ArrayList<>();
  private boolean submitted;

  Report(Recorder client, String project, String version) {
    this.client = client;
    this.project = project;
    this.version = version;
  }

  /** Adds a pair after the others; a null key or value is ignored. */
  public Report note(String key, Object value) {
    if (key != null && value != null) {
      pairs.add(
          new AbstractMap.SimpleImmutableEntry<>(
              key, String.valueOf(value).replace('\r', ' ').replace('\n', ' ')));
    }
    return this;
  }

  /** Adds the flags' pairs and submits the report; a second call does nothing. Never throws. */
  public void submit(ReportFlag... flags) {
    if (submitted) {
      return;
    }
    submitted = true;
    try {
      for (ReportFlag f : flags) {
        // if-else rather than a switch, which would cost the jar a synthetic class
        if (java.util.Objects.requireNonNull(f) == ReportFlag.OS) {
          note("system", System.getProperty("os.name") + ";" + System.getProperty("os.version"));
          note("architecture", System.getProperty("os.arch"));
        } else if (f == ReportFlag.JAVA) {
          note(
              "java", System.getProperty("java.version") + ";" + System.getProperty("java.vendor"));
        } else if (f == ReportFlag.SESSION_TIME) {
          note("session_time", client.sessionSeconds());
        }
      }
      client.submitReport(project, version, List.copyOf(pairs));
    } catch (RuntimeException e) {
      // never throw into the app
    }
  }
}
