package dev.upkeep.client;

/** How the pseudonymous user id stored in {@code user_id} is made. */
public enum UserIdPolicy {
  /**
   * UUID version 3 in the DNS namespace of {@code user@host}, as migas-py derives it: the same
   * person on the same machine gets the same id in every app. The default.
   */
  DERIVED,
  /** A random UUID, made once and kept: ids cannot be linked across machines or apps. */
  RANDOM,
  /** No user id is sent or stored. */
  NONE
}
