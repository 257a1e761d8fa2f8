package dev.upkeep.server.versions;

import java.time.Instant;
import java.util.List;

/**
 * One version of a project as every source together tells it.
 *
 * @param version the version, a leading {@code v} stripped
 * @param origins the sources naming it, in the order of sources: {@code archive}, {@code maven},
 *     {@code github}, {@code manual}
 * @param released whether a source lists it as released (false: only flagged, e.g. in {@code
 *     .migas.json})
 * @param preRelease whether it is a pre-release: by the project's scheme, or marked so by the first
 *     source listing it (GitHub's {@code prerelease})
 * @param flagged whether its users are told to upgrade
 * @param reason why it is (or was, when the flag is lifted) flagged, or null
 * @param replacement the version to upgrade to, or null
 * @param flaggedBy the source whose reason is shown, or null
 * @param flagLifted whether the manual registry lifted a flag ({@code upkeep version unflag})
 * @param addedAt when it was added to the manual registry, or null
 */
public record MergedVersion(
    String version,
    List<String> origins,
    boolean released,
    boolean preRelease,
    boolean flagged,
    String reason,
    String replacement,
    String flaggedBy,
    boolean flagLifted,
    Instant addedAt) {
  /** The name of the manual registry among the origins: {@value}. */
  public static final String MANUAL = "manual";

  public MergedVersion {
    origins = List.copyOf(origins);
  }
}
