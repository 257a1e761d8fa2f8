package dev.upkeep.server.store.jdbc;

/**
 * The key of one rollup row: a project's events of one kind on one UTC day, in total or in one
 * bucket of a dimension.
 *
 * @param projectId the project
 * @param kind the events' kind
 * @param dim {@link RollupBuckets#TOTAL} or a dimension's id, e.g. {@code version}
 * @param day UTC epoch day
 * @param bucket the dimension's value ({@code ""} for the total)
 */
record RollupKey(long projectId, String kind, String dim, int day, String bucket) {}
