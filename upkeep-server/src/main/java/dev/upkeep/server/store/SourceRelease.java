package dev.upkeep.server.store;

/**
 * A version a source lists as released.
 *
 * @param version the version, a leading {@code v} stripped
 * @param preRelease whether the source itself marks it as a pre-release (GitHub's {@code
 *     prerelease} flag); false leaves the decision to the project's version scheme
 */
public record SourceRelease(String version, boolean preRelease) {}
