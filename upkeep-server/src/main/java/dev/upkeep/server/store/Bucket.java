package dev.upkeep.server.store;

/**
 * One row of a usage breakdown.
 *
 * @param key the group's value (a day {@code YYYY-MM-DD}, a version, a platform, a status)
 * @param count events, or distinct users for a unique query
 */
public record Bucket(String key, long count) {}
