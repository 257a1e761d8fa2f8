package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A registered project.
 *
 * @param id store id
 * @param name {@code owner/name}
 * @param registeredAt when it was registered
 */
public record Project(long id, String name, Instant registeredAt) {}
