package dev.upkeep.client.internal.transport;

import dev.upkeep.protocol.WireEvent;
import java.util.List;

/** Sends a batch of events to the server in one protocol. Used by the sender thread only. */
public interface Transport {
  /** Sends the events in order; never throws. */
  Outcome send(List<WireEvent> events);

  /** Breaks off a send in progress (it then reports a retryable failure). */
  void abort();

  /** Sends later batches of the enrolled project with its install token (null: without). */
  default void auth(InstallAuth auth) {}

  /** Sends later batches with this project ingest key (null: without). */
  default void ingestKey(String key) {}

  /**
   * What became of a batch: the first {@link #processed} events were handled (delivered, or refused
   * for good), and with {@link #retry} the rest must be tried again later.
   */
  final class Outcome {
    /** Events at the start of the batch that the server answered for good. */
    public final int processed;

    /** Of those, how many it refused (400, 413, 422, 500, ...): dropping is the only option. */
    public final int refused;

    /** Whether the rest of the batch failed in a way worth retrying (network, 429, 502-504). */
    public final boolean retry;

    public final long retryAfterMillis;
    public final String reason;

    private Outcome(
        int processed, int refused, boolean retry, long retryAfterMillis, String reason) {
      this.processed = processed;
      this.refused = refused;
      this.retry = retry;
      this.retryAfterMillis = retryAfterMillis;
      this.reason = reason;
    }

    /** Everything answered; {@code refused} of the events were refused. */
    static Outcome done(int size, int refused, String reason) {
      return new Outcome(size, refused, false, 0, reason);
    }

    /** The first {@code processed} events answered ({@code refused} refused), the rest to retry. */
    static Outcome retry(int processed, int refused, long retryAfterMillis, String reason) {
      return new Outcome(processed, refused, true, retryAfterMillis, reason);
    }

    public int delivered() {
      return processed - refused;
    }
  }
}
