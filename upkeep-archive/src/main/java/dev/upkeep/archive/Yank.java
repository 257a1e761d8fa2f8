package dev.upkeep.archive;

import java.util.Objects;

/**
 * Why and when a release was yanked: it stays fetchable by its exact version, but is reported as
 * flagged and is not chosen for an expression that other releases satisfy. Kept in the record's
 * {@code upkeep.yanked}, a field rmellipse ignores. Immutable.
 *
 * @param reason the maintainer's words, shown to users
 * @param at when, as an ISO-8601 instant ({@code 2026-12-06T18:30:00Z})
 */
public record Yank(String reason, String at) {
  public Yank {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
