package dev.upkeep.server.store;

/**
 * A version a source flags as bad.
 *
 * @param version the flagged version, a leading {@code v} stripped
 * @param reason why, as shown to its users; never blank
 * @param replacement the version to upgrade to, or null
 */
public record SourceFlag(String version, String reason, String replacement) {}
