package dev.upkeep.server.alerts.delivery;

import dev.upkeep.server.threads.DaemonThreads;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to destinations, never on the caller's thread: {@link #deliver} returns at once
 * and the attempts run on a small pool of named daemon threads ({@code upkeep-alert-delivery-N})
 * that this deliverer owns.
 *
 * <p>A delivery (one alert to one destination) makes up to {@link DelivererBuilder#maxAttempts
 * maxAttempts} attempts (default {@value DelivererBuilder#DEFAULT_MAX_ATTEMPTS}). An attempt is
 * retried after a refused connection, a timeout, HTTP 429 or 5xx, or a transient SMTP failure
 * (4xx); not after another HTTP status (3xx, 4xx), a TLS failure, a permanent SMTP failure, or a
 * secret that cannot be had. The wait before attempt {@code n + 1} is the destination's {@code
 * Retry-After} when it sent one (a longer one than {@link DelivererBuilder#maxBackoff maxBackoff}
 * ends the delivery as failed), else {@code initialBackoff × 2^(n-1)} capped at {@code maxBackoff}
 * less up to 25 % at random (defaults 1 s and 5 min). Waiting holds no thread.
 *
 * <p>Every attempt is reported to the {@link DeliveryLog}, in order per delivery; errors, log lines
 * and labels never contain a secret. Thread-safe.
 *
 * <pre>{@code
 * Deliverer deliverer = Deliverer.builder(clock, deliveryLog).secretBox(box).build();
 * deliverer.deliver(alert, new Destination.Slack(URI.create("https://hooks.slack.com/services/…")));
 * ...
 * deliverer.close();
 * }</pre>
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** What every delivery of this deliverer shares. */
  record Context(
      Clock clock,
      DeliveryLog log,
      Executor executor,
      Scheduler scheduler,
      Backoff backoff,
      int maxAttempts,
      Function<String, String> environment,
      Supplier<SecretBox> box) {}

  private final ScheduledThreadPoolExecutor pool;
  private final Context context;
  private final HttpSend http;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final SSLContext sslContext;
  private final Set<Delivery> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Deliverer(DelivererBuilder b) {
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.sslContext = b.sslContext;
    this.pool = new ScheduledThreadPoolExecutor(b.threads, threads());
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    pool.setRemoveOnCancelPolicy(true);
    Scheduler scheduler =
        b.scheduler != null
            ? b.scheduler
            : (delay, task) -> pool.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    this.context =
        new Context(
            b.clock,
            b.log,
            pool,
            scheduler,
            new Backoff(b.initialBackoff, b.maxBackoff),
            b.maxAttempts,
            b.environment,
            b.secretBox);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            // no h2c upgrade on http:// (webhook receivers are often small servers); https
            // receivers get HTTP/1.1 too, which every one of them speaks
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(b.sslContext)
            .build();
    this.http = new HttpSend(client, b.requestTimeout, b.clock);
  }

  /**
   * A builder.
   *
   * @param clock dates attempts and webhook signatures (the server's clock)
   * @param log receives every attempt
   */
  public static DelivererBuilder builder(Clock clock, DeliveryLog log) {
    return new DelivererBuilder(clock, log);
  }

  /**
   * Starts delivering {@code alert} to {@code destination} and returns at once.
   *
   * @return the delivery's last attempt ({@link DeliveryAttempt.Outcome#DELIVERED} or {@link
   *     DeliveryAttempt.Outcome#FAILED}) once it is done; it never completes exceptionally but with
   *     a {@link CancellationException} when the deliverer is closed first. Callers need not wait
   *     for it: the log has every attempt.
   * @throws IllegalStateException when the deliverer is closed
   */
  public CompletableFuture<DeliveryAttempt> deliver(Alert alert, Destination destination) {
    if (alert == null || destination == null) {
      throw new IllegalArgumentException("alert and destination are required");
    }
    if (closed) {
      throw new IllegalStateException(
          "alert delivery is closed: alert " + alert.id() + " not sent to " + destination.label());
    }
    String id = "d-" + UUID.randomUUID();
    Delivery delivery = new Delivery(id, alert, destination, channel(destination), context);
    pending.add(delivery);
    delivery.result.whenComplete((a, e) -> pending.remove(delivery));
    delivery.start(1);
    return delivery.result;
  }

  private Channel channel(Destination destination) {
    if (destination instanceof Destination.Webhook w) {
      return new WebhookChannel(w, http, context.clock());
    }
    if (destination instanceof Destination.Slack s) {
      return new SlackChannel(s, http);
    }
    if (destination instanceof Destination.Matrix m) {
      return new MatrixChannel(m, http);
    }
    Destination.Email email = (Destination.Email) destination;
    return new MailChannel(email, context.clock(), connectTimeout, requestTimeout, sslContext);
  }

  /** The number of deliveries not done yet (attempting or waiting to retry). */
  public int pending() {
    return pending.size();
  }

  /**
   * Stops: takes no more deliveries, lets attempts in progress finish (waiting at most {@link
   * DelivererBuilder#requestTimeout requestTimeout} plus 1 s), and abandons the retries still
   * waiting, whose futures are cancelled (their last attempt stays {@code RETRYING} in the log).
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.shutdown();
    try {
      if (!pool.awaitTermination(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    int abandoned = 0;
    for (Delivery d : pending) {
      if (d.result.cancel(false)) {
        abandoned++;
      }
    }
    if (abandoned > 0) {
      LOG.warn(
          "alert delivery closed with {} deliveries still waiting to retry; abandoned", abandoned);
    }
  }

  private static ThreadFactory threads() {
    return DaemonThreads.numbered("upkeep-alert-delivery-" + POOLS.incrementAndGet() + "-");
  }
}
