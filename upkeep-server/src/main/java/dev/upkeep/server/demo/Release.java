package dev.upkeep.server.demo;

/**
 * One release of a demo project.
 *
 * @param version the version string, e.g. {@code 1.4.2} or {@code 24.1.0}
 * @param day the day it was released, counted from the demo's first day (negative: before it)
 * @param flagReason why it is flagged, or null when it is not
 * @param replacement the fix its users should upgrade to, or null (flagged, no fix out yet)
 */
record Release(String version, int day, String flagReason, String replacement) {
  boolean flagged() {
    return flagReason != null;
  }
}
