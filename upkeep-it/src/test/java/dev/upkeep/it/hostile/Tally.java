package dev.upkeep.it.hostile;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What came back for one kind of attack: requests sent and their answers by status. Thread-safe.
 */
final class Tally {
  final String kind;
  private final Map<Integer, AtomicLong> statuses = new TreeMap<>();
  private final AtomicLong requests = new AtomicLong();

  Tally(String kind) {
    this.kind = kind;
  }

  void add(int status) {
    requests.incrementAndGet();
    synchronized (statuses) {
      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }
  }

  long requests() {
    return requests.get();
  }

  /** Answers 500 and above, 503 included (a refusal of bad input is never a 5xx). */
  long serverErrors() {
    synchronized (statuses) {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() >= 500)
          .mapToLong(e -> e.getValue().get())
          .sum();
    }
  }

  long count(int status) {
    synchronized (statuses) {
      AtomicLong n = statuses.get(status);
      return n == null ? 0 : n.get();
    }
  }

  /** e.g. {@code 400×12 413×3 closed×1}. */
  String statuses() {
    StringBuilder b = new StringBuilder();
    synchronized (statuses) {
      statuses.forEach(
          (s, n) ->
              b.append(b.length() == 0 ? "" : " ")
                  .append(s == Wire.CLOSED ? "closed" : s == Wire.TIMED_OUT ? "timeout" : s)
                  .append('×')
                  .append(n.get()));
    }
    return b.toString();
  }
}
