package dev.upkeep.server.ingest;

import java.time.Duration;

/**
 * How many events the collector takes, counted in events rather than requests, so that one client
 * posting 1 000-event batches under the request limit cannot fill the store.
 *
 * @param clientEvents events one client address may send per {@code window} on average (a token
 *     bucket that may burst to this many; a single request larger than it is taken once the client
 *     is out of debt, so it never waits forever); 0 turns the limit off
 * @param projectEvents events one project may receive per {@code window} from all clients together,
 *     same rule; 0 turns it off
 * @param projectEventsPerDay events one project may receive per UTC day (by arrival, counted by
 *     this collector since its start); 0 turns it off
 * @param window the period of the two rates
 */
public record IngestLimits(
    int clientEvents, int projectEvents, long projectEventsPerDay, Duration window) {

  /** Default events per client address per window: {@value} (100 a second, any single machine). */
  public static final int DEFAULT_CLIENT_EVENTS = 6_000;

  /** Default events per project per window: {@value} (2 000 a second). */
  public static final int DEFAULT_PROJECT_EVENTS = 120_000;

  /** Default events per project per UTC day: {@value}. */
  public static final long DEFAULT_PROJECT_EVENTS_PER_DAY = 5_000_000;

  /** Every limit off (the fair share of the queue still applies). */
  public static final IngestLimits OFF = new IngestLimits(0, 0, 0, Duration.ofSeconds(60));

  public IngestLimits {
    if (clientEvents < 0 || projectEvents < 0 || projectEventsPerDay < 0) {
      throw new IllegalArgumentException(
          "event limits must be 0 (off) or positive, were "
              + clientEvents
              + ", "
              + projectEvents
              + " and "
              + projectEventsPerDay);
    }
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the limits' window must be at least 1 s, was " + window);
    }
  }
}
