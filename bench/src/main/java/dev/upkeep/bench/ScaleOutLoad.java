package dev.upkeep.bench;

import dev.upkeep.bench.BatchedIngestBench.Ev;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load of the scale-out benchmark: client threads, client {@code i} posting to collector {@code
 * i mod n} (one {@link HttpClient} per collector, HTTP/1.1 keep-alive), each sending its next
 * request as soon as the last one was answered (closed loop, as fast as the collectors go), or,
 * with a rate, at its share of that rate (open loop: requests due at fixed intervals, sent late
 * when an answer is slow, never more than one at a time per client; a client more than one request
 * behind drops the ones it missed rather than catching up in a burst, so the collectors never take
 * more than the rate), until {@link #stop}. Two kinds:
 *
 * <ul>
 *   <li>{@link Kind#BATCHED}: {@code POST /v1/events}, JSON arrays of {@code batch} events, each
 *       with an event id of its own ({@code RUN-CLIENT-SEQ}), so that every collector claims ids;
 *   <li>{@link Kind#BREADCRUMB}: migas REST {@code POST /api/breadcrumb}, one event a request, the
 *       body migas-py main sends.
 * </ul>
 *
 * Events come from one pool ({@link BatchedIngestBench#generate}) whose users are shared by every
 * client, so the collectors write the same users and the same rollup rows. Answers are counted into
 * the phase current when they arrive ({@link #phase}: 0 warm-up, 1 measured, 2 after); batch
 * latencies only in the measured phase. Thread-safe where it says so.
 */
final class ScaleOutLoad {
  enum Kind {
    BATCHED,
    BREADCRUMB
  }

  private static final Pattern STORED = Pattern.compile("\"stored\"\\s*:\\s*(\\d+)");

  private final Kind kind;
  private final String project;
  private final List<HttpClient> http = new ArrayList<>();
  private final List<URI> targets = new ArrayList<>();
  private final String[] fragments;
  private final int batch;
  private final long intervalNanos;
  private final String run;
  private final List<Thread> threads = new ArrayList<>();
  private final long[][] acked;
  private final long[][] requests;
  private final long[] failures;
  private final long[] sent;
  private final long[][] latencies;
  private final int[] nLatencies;
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private volatile int phase;
  private volatile boolean running = true;

  private ScaleOutLoad(
      Kind kind,
      String project,
      List<Collector> collectors,
      List<Ev> pool,
      int clients,
      int batch,
      double rate) {
    this.kind = kind;
    this.project = project;
    this.batch = kind == Kind.BATCHED ? batch : 1;
    this.intervalNanos = rate > 0 ? (long) (1e9 * clients * this.batch / rate) : 0;
    this.run = Long.toString(System.currentTimeMillis(), 36);
    for (Collector c : collectors) {
      http.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build());
      targets.add(c.uri(kind == Kind.BATCHED ? "/v1/events" : "/api/breadcrumb"));
    }
    fragments = new String[pool.size()];
    for (int i = 0; i < fragments.length; i++) {
      fragments[i] = kind == Kind.BATCHED ? fragment(pool.get(i)) : breadcrumb(pool.get(i));
    }
    acked = new long[clients][3];
    requests = new long[clients][3];
    failures = new long[clients];
    sent = new long[clients];
    latencies = new long[clients][];
    nLatencies = new int[clients];
  }

  /**
   * Starts {@code clients} threads against the collectors (which must hold {@code project}).
   *
   * @param batch events per request of {@link Kind#BATCHED}
   * @param rate events per second offered by all clients together, or 0: as fast as answered
   */
  static ScaleOutLoad start(
      Kind kind,
      String project,
      List<Collector> collectors,
      List<Ev> pool,
      int clients,
      int batch,
      double rate) {
    ScaleOutLoad load = new ScaleOutLoad(kind, project, collectors, pool, clients, batch, rate);
    for (int i = 0; i < clients; i++) {
      int client = i;
      Thread t = new Thread(() -> load.client(client), "bench-client-" + i);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  /** One event as the v1 API takes it, without its id: {@code {...}}. */
  private String fragment(Ev e) {
    WireEvent w =
        WireEvent.builder()
            .project(project)
            .version(e.version())
            .language(e.language())
            .languageVersion(e.languageVersion())
            .userId(e.userId())
            .sessionId(e.sessionId())
            .platform(e.platform())
            .container(e.container())
            .isCi(e.ci())
            .status(e.status())
            .build();
    StringBuilder s = new StringBuilder();
    w.writeJson(s);
    return s.toString();
  }

  /** The body migas-py main sends (see bench/wrk/breadcrumb.lua), with this event's values. */
  private String breadcrumb(Ev e) {
    return String.format(
        Locale.ROOT,
        "{\"project\": \"%s\", \"project_version\": \"%s\", \"language\": \"%s\","
            + " \"language_version\": \"%s\", \"ctx\": {\"user_id\": \"%s\", \"platform\": \"%s\","
            + " \"container\": \"%s\", \"is_ci\": %s}}",
        project,
        e.version(),
        e.language(),
        e.languageVersion(),
        e.userId(),
        e.platform(),
        e.container(),
        e.ci());
  }

  private void client(int client) {
    int target = client % targets.size();
    HttpClient h = http.get(target);
    URI uri = targets.get(target);
    long[] lat = new long[1024];
    int k = 0;
    long seq = 0;
    // clients start at different places of the pool and step through it together
    int next = (int) ((long) client * fragments.length / acked.length);
    StringBuilder body = new StringBuilder(batch * 300);
    // paced clients start spread over one interval
    long due = System.nanoTime() + intervalNanos * client / acked.length;
    while (running) {
      if (intervalNanos > 0) {
        long now = System.nanoTime();
        if (due > now) {
          LockSupport.parkNanos(due - now);
        } else if (now - due > intervalNanos) {
          // more than one request behind: the missed ones are dropped, not sent in a burst
          due = now;
        }
        due += intervalNanos;
      }
      body.setLength(0);
      if (kind == Kind.BATCHED) {
        body.append('[');
        for (int e = 0; e < batch; e++) {
          String f = fragments[next];
          next = (next + 1) % fragments.length;
          body.append(e == 0 ? "{\"id\":\"" : ",{\"id\":\"")
              .append(run)
              .append('-')
              .append(client)
              .append('-')
              .append(seq++)
              .append("\",")
              .append(f, 1, f.length());
        }
        body.append(']');
      } else {
        body.append(fragments[next]);
        next = (next + 1) % fragments.length;
      }
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json; charset=utf-8")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      sent[client] += batch;
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = h.send(req, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        int p = phase;
        int stored = storedOf(r);
        if (stored >= 0) {
          acked[client][p] += stored;
          requests[client][p]++;
          if (p == 1) {
            if (k == lat.length) {
              lat = Arrays.copyOf(lat, k * 2);
            }
            lat[k++] = t1 - t0;
          }
        } else {
          failures[client]++;
          firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
        }
      } catch (IOException e) {
        failures[client]++;
        firstFailure.compareAndSet(null, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    latencies[client] = lat;
    nLatencies[client] = k;
  }

  /** Events the answer says were stored, or -1 for a failure. */
  private int storedOf(HttpResponse<String> r) {
    if (kind == Kind.BREADCRUMB) {
      return r.statusCode() / 100 == 2 ? 1 : -1;
    }
    Matcher m = STORED.matcher(r.body());
    return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Answers from now on count into phase {@code p} (0 warm-up, 1 measured, 2 after). */
  void phase(int p) {
    phase = p;
  }

  /** Stops every client after its request in flight; waits for them. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(120_000);
    }
  }

  /** Events acknowledged as stored in phase {@code p}; call after {@link #stop} for exact sums. */
  long acked(int p) {
    return Arrays.stream(acked).mapToLong(a -> a[p]).sum();
  }

  long requests(int p) {
    return Arrays.stream(requests).mapToLong(a -> a[p]).sum();
  }

  long ackedTotal() {
    return acked(0) + acked(1) + acked(2);
  }

  long sent() {
    return Arrays.stream(sent).sum();
  }

  long failures() {
    return Arrays.stream(failures).sum();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  /** The measured phase's request latencies, sorted; after {@link #stop}. */
  long[] latencies() {
    long[] all = new long[Arrays.stream(nLatencies).sum()];
    int pos = 0;
    for (int c = 0; c < latencies.length; c++) {
      if (latencies[c] != null) {
        System.arraycopy(latencies[c], 0, all, pos, nLatencies[c]);
        pos += nLatencies[c];
      }
    }
    Arrays.sort(all);
    return all;
  }
}
