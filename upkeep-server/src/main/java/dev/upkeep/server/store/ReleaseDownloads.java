package dev.upkeep.server.store;

import java.time.LocalDate;

/**
 * Completed pulls of one release on one UTC day ({@link ReleaseStore#downloads}).
 *
 * @param workspace the release's workspace
 * @param title its title
 * @param version its version
 * @param day the UTC day
 * @param downloads pulls completed that day, at least 1
 */
public record ReleaseDownloads(
    String workspace, String title, String version, LocalDate day, long downloads) {}
