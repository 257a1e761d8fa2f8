package dev.upkeep.server.store;

/**
 * The newest change of one topic of one project, as {@link ChangeLog#since} reads it.
 *
 * @param topic what changed
 * @param projectId the project it changed
 * @param revision the revision of the change: greater than that of every change committed before
 */
public record Change(ChangeTopic topic, long projectId, long revision) {}
