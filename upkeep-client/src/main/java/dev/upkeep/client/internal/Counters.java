package dev.upkeep.client.internal;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to events, for {@code status()} and tests. Thread-safe. */
public final class Counters {
  /** Accepted from the caller into the queue. */
  public final AtomicLong queued = new AtomicLong();

  /** Dropped because the queue was full. */
  public final AtomicLong droppedQueueFull = new AtomicLong();

  /** Delivered to the server. */
  public final AtomicLong sent = new AtomicLong();

  /** Refused for good by the server (e.g. an unregistered project). */
  public final AtomicLong rejected = new AtomicLong();

  /** Written to the spool for a later attempt. */
  public final AtomicLong spooled = new AtomicLong();

  /** Lost from the spool: over its caps, unreadable, or unwritable. */
  public final AtomicLong spoolDropped = new AtomicLong();
}
