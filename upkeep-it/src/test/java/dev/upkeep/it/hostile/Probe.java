package dev.upkeep.it.hostile;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sends one request every {@code periodMs} from its own source address while an attack runs and
 * records each answer's latency and status: {@code /v1/health} for the collector's liveness, or a
 * legitimate breadcrumb during a flood.
 */
final class Probe implements AutoCloseable {
  private final InetAddress from;
  private final int port;
  private final byte[] request;
  private final long periodMs;
  private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
  private final Tally tally;
  private final Thread thread;
  private volatile boolean running = true;

  private Probe(String kind, InetAddress from, int port, byte[] request, long periodMs) {
    this.from = from;
    this.port = port;
    this.request = request;
    this.periodMs = periodMs;
    this.tally = new Tally(kind);
    this.thread = new Thread(this::run, "probe-" + kind);
    thread.setDaemon(true);
  }

  static Probe health(int port) {
    return start(
        new Probe(
            "health",
            Wire.loopback(9, 1),
            port,
            "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1),
            100));
  }

  static Probe breadcrumbs(int port, String project) {
    String crumb =
        "{\"project\":\""
            + project
            + "\",\"project_version\":\"1.0.0\","
            + "\"ctx\":{\"platform\":\"linux\"}}";
    return start(
        new Probe(
            "legitimate breadcrumb",
            Wire.loopback(9, 2),
            port,
            Wire.request(
                "POST",
                "/api/breadcrumb?wait=true",
                "application/json",
                crumb.getBytes(StandardCharsets.UTF_8)),
            50));
  }

  private static Probe start(Probe p) {
    p.thread.start();
    return p;
  }

  private void run() {
    while (running) {
      long t0 = System.nanoTime();
      int status;
      try {
        status = Wire.exchange(from, port, request, false, 10_000);
      } catch (Exception e) {
        status = Wire.CLOSED;
      }
      micros.add((System.nanoTime() - t0) / 1000);
      tally.add(status);
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  Tally tally() {
    return tally;
  }

  /** The latency at quantile {@code q} (0–1) in milliseconds. */
  double millis(double q) {
    List<Long> sorted;
    synchronized (micros) {
      sorted = new ArrayList<>(micros);
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int i = (int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)));
    return sorted.get(i) / 1000.0;
  }

  /** Share of answers that were 2xx. */
  double okShare() {
    long ok = 0;
    for (int s = 200; s < 300; s++) {
      ok += tally.count(s);
    }
    return tally.requests() == 0 ? 0 : (double) ok / tally.requests();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(15_000);
  }
}
