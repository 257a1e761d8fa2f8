package dev.upkeep.client.internal;

import dev.upkeep.protocol.WireEvent;
import java.util.List;

/** Sends a batch of events to the server in one protocol. Used by the sender thread only. */
interface Transport {
  /** Sends the events in order; never throws. */
  Outcome send(List<WireEvent> events);

  /** What became of a batch. */
  final class Outcome {
    enum Kind {
      /** Stored by the server. */
      DELIVERED,
      /** Not delivered yet (network error, 429, 502, 503, 504): keep and retry later. */
      RETRY,
      /** Refused for good (400, 413, 422, ...): dropping it is the only option. */
      REJECTED
    }

    final Kind kind;

    /** Events at the start of the batch that were delivered before a RETRY or REJECTED. */
    final int delivered;

    final long retryAfterMillis;
    final String reason;

    private Outcome(Kind kind, int delivered, long retryAfterMillis, String reason) {
      this.kind = kind;
      this.delivered = delivered;
      this.retryAfterMillis = retryAfterMillis;
      this.reason = reason;
    }

    static Outcome delivered(int n) {
      return new Outcome(Kind.DELIVERED, n, 0, null);
    }

    static Outcome retry(int delivered, long retryAfterMillis, String reason) {
      return new Outcome(Kind.RETRY, delivered, retryAfterMillis, reason);
    }

    static Outcome rejected(int delivered, String reason) {
      return new Outcome(Kind.REJECTED, delivered, 0, reason);
    }
  }
}
