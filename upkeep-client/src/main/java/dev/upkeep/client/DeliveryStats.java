package dev.upkeep.client;

import dev.upkeep.client.internal.Counters;

/** A snapshot of what became of a client's events since it was built. Immutable. */
public final class DeliveryStats {
  private final long queued;
  private final long sent;
  private final long rejected;
  private final long droppedQueueFull;
  private final long spooled;
  private final long spoolDropped;

  DeliveryStats(Counters c) {
    this.queued = c.queued.get();
    this.sent = c.sent.get();
    this.rejected = c.rejected.get();
    this.droppedQueueFull = c.droppedQueueFull.get();
    this.spooled = c.spooled.get();
    this.spoolDropped = c.spoolDropped.get();
  }

  /** Events accepted into the queue. */
  public long queued() {
    return queued;
  }

  /** Events delivered to the server (including earlier runs' spooled ones). */
  public long sent() {
    return sent;
  }

  /** Events the server refused for good (e.g. unregistered project). */
  public long rejected() {
    return rejected;
  }

  /** Events dropped because the queue was full. */
  public long droppedQueueFull() {
    return droppedQueueFull;
  }

  /** Events written to the spool for later delivery. */
  public long spooled() {
    return spooled;
  }

  /** Events lost from the spool (over its caps, unreadable or unwritable). */
  public long spoolDropped() {
    return spoolDropped;
  }

  @Override
  public String toString() {
    return "queued "
        + queued
        + ", sent "
        + sent
        + ", rejected by server "
        + rejected
        + ", dropped (queue full) "
        + droppedQueueFull
        + ", spooled "
        + spooled
        + ", dropped from spool "
        + spoolDropped;
  }
}
