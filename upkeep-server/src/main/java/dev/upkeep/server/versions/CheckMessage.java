package dev.upkeep.server.versions;

import dev.upkeep.server.versions.sources.SourceState;
import dev.upkeep.server.versions.sources.SourceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code message} of a version check: why the version is flagged and what to upgrade to, then
 * one sentence per source whose data may be stale or missing, and why:
 *
 * <pre>{@code
 * Version 1.0.0 is flagged: Corrupts outputs on NFS. Please upgrade to 1.0.1.
 * Versions from github nipreps/fmriprep may be stale (last fetched 2026-03-01T12:00:00Z):
 * rate-limited by api.github.com (HTTP 429), retry after 60s.
 * Versions from maven info.picocli:picocli are not fetched yet.
 * }</pre>
 *
 * Empty when the version is not flagged and every source is fresh or merely stale (being
 * refreshed).
 */
final class CheckMessage {
  private CheckMessage() {}

  static String of(
      String asked, Optional<MergedVersion> flagged, Optional<String> target, List<SourceView> s) {
    List<String> parts = new ArrayList<>();
    flagged.ifPresent(
        f ->
            parts.add(
                "Version "
                    + asked
                    + " is flagged: "
                    + sentence(f.reason())
                    + target
                        .filter(t -> !t.equals(asked))
                        .map(t -> " Please upgrade to " + t + ".")
                        .orElse("")));
    for (SourceView v : s) {
      String name = "Versions from " + v.kind().id() + " " + v.reference();
      if (v.state() == SourceState.FAILING) {
        parts.add(
            name
                + (v.snapshot() == null
                    ? " are missing (never fetched): "
                    : " may be stale (last fetched " + v.fetchedAt() + "): ")
                + sentence(v.reason()));
      } else if (v.state() == SourceState.NEVER_FETCHED) {
        parts.add(name + " are not fetched yet.");
      }
    }
    return String.join(" ", parts);
  }

  /** The text ending with a full stop (or its own ! or ?). */
  static String sentence(String text) {
    String r = text == null || text.isBlank() ? "no reason given" : text.strip();
    return r.endsWith(".") || r.endsWith("!") || r.endsWith("?") ? r : r + ".";
  }
}
