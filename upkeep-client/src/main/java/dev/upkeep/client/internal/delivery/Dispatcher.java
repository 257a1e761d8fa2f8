package dev.upkeep.client.internal.delivery;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.env.Environment;
import dev.upkeep.client.internal.spool.Spool;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.transport.InstallAuth;
import dev.upkeep.client.internal.transport.MigasTransport;
import dev.upkeep.client.internal.transport.Transport;
import dev.upkeep.client.internal.transport.UpkeepTransport;
import dev.upkeep.protocol.WireEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The client's delivery path: a bounded queue the caller's thread offers to (lock-free, no wake-up
 * unless a batch is full), and one daemon sender thread that batches by size or time, sends, and
 * spools what it cannot send.
 *
 * <p>A failed send (network error, 429, 502, 503, 504) spools the batch at once and backs off
 * (exponential with jitter, at least the server's {@code Retry-After}); while backing off new
 * batches go straight to the spool, and after the wait the spool is delivered oldest first. A batch
 * the server refuses for good (other 4xx) is dropped and counted. {@link #flush} delivers what is
 * queued within a deadline and spools the rest, so nothing is lost at exit.
 *
 * <p>Thread-safe.
 */
public final class Dispatcher {
  private final ConcurrentLinkedQueue<Crumb> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final int capacity;
  private final int batchSize;
  private final long lingerNanos;
  private final Transport transport;
  private final Spool spool;
  private final EventFactory events;
  private final Counters counters;
  private final Backoff backoff = new Backoff(1_000, 5 * 60_000);
  private final Object idle = new Object();

  /** Guards moving crumbs from the queue into {@link #inFlight} against the exit spooling. */
  private final Object handoff = new Object();

  private final Thread sender;
  private volatile boolean flushRequested;
  private volatile boolean stopped;

  /** The batch being sent; whoever takes it out (sender or exit spooling) owns it. */
  private final AtomicReference<List<WireEvent>> inFlight = new AtomicReference<>();

  private long retryAtNanos;

  /** The spool file being sent, if any (for the exit flush to give back). */
  private volatile Path sendingFromSpool;

  private boolean spoolChecked;

  /** Inspect mode: the spool of earlier runs is left alone (printing it would delete it). */
  private final boolean inspecting;

  /** LOCAL consent: batches go to the spool and nothing is sent. */
  private volatile boolean local;

  /** Set when uploading is turned on, so the sender delivers the spool at once. */
  private volatile boolean deliverRequested;

  /** Told of every batch answered for good ({@link #onDelivered}), or null. */
  private volatile java.util.function.Consumer<List<WireEvent>> delivered;

  /** Set with {@link #deliverRequested}; cleared when that delivery ended. {@link #flush} waits. */
  private volatile boolean spoolDeliveryPending;

  /**
   * A dispatcher for one endpoint, in the protocol {@code settings} name; its spool directory is
   * made when first needed. Starts no thread.
   *
   * @param environment the machine's description, asked once on the sender thread
   * @param userId the user id events carry, asked once on the sender thread (may do file I/O)
   */
  public Dispatcher(
      DispatcherSettings settings,
      Http http,
      Supplier<Environment> environment,
      Supplier<String> userId,
      Counters counters) {
    this.capacity = settings.queueCapacity;
    this.batchSize = settings.batchSize;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(settings.lingerMillis);
    this.transport =
        settings.migas
            ? new MigasTransport(http, settings.endpoint)
            : new UpkeepTransport(http, settings.endpoint, settings.clock);
    this.spool =
        new Spool(
            settings.spoolDir(),
            settings.spoolMaxFiles,
            settings.spoolMaxBytes,
            counters,
            settings.clock);
    this.events = new EventFactory(environment, userId, settings.sessionId);
    this.counters = counters;
    this.inspecting = http.inspecting();
    this.sender = new Thread(this::run, "upkeep-sender");
    this.sender.setDaemon(true);
    transport.ingestKey(settings.ingestKey);
  }

  /**
   * Queues a crumb; drops and counts it when the queue is full. Costs the caller a few atomic
   * operations; never blocks.
   */
  public boolean offer(Crumb crumb) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      counters.droppedQueueFull.incrementAndGet();
      return false;
    }
    queue.add(crumb);
    counters.queued.incrementAndGet();
    if (!started.get() && started.compareAndSet(false, true)) {
      sender.start();
    } else if (size.get() == batchSize) {
      LockSupport.unpark(sender);
    }
    return true;
  }

  /**
   * Switches between keeping batches on disk only (LOCAL consent: the sender spools every batch and
   * delivers nothing) and sending; switching to sending starts the sender and delivers the spool,
   * oldest first, at once ({@link #flush} waits for that delivery too).
   */
  public void local(boolean keepLocal) {
    local = keepLocal;
    if (!keepLocal) {
      spoolDeliveryPending = true;
      deliverRequested = true;
      start();
      LockSupport.unpark(sender);
    }
  }

  /** Sends the enrolled project's batches with the install's token from now on (null: without). */
  public void auth(InstallAuth auth) {
    transport.auth(auth);
  }

  /**
   * Hands the sender thread's batches that the server answered for good (stored or refused) to
   * {@code delivered}, after each answer (default: nobody). It must not block for long.
   */
  public void onDelivered(java.util.function.Consumer<List<WireEvent>> delivered) {
    this.delivered = delivered;
  }

  /** Forgets every queued event and deletes every spooled batch (consent withdrawn). */
  public void discardAll() {
    synchronized (handoff) {
      inFlight.set(null);
      while (queue.poll() != null) {
        size.decrementAndGet();
      }
    }
    spool.clear();
  }

  /** Starts the sender (to deliver a previous run's spool) even before anything is queued. */
  public void start() {
    if (started.compareAndSet(false, true)) {
      sender.start();
    }
  }

  /**
   * Delivers everything queued, waiting at most {@code timeoutMillis}; what is still undelivered
   * then (queued or in flight) is spooled for a later run. Safe to call from a shutdown hook.
   *
   * @return true if everything was answered by the server in time (nothing spooled meanwhile)
   */
  public boolean flush(long timeoutMillis) {
    long spooledBefore = counters.spooled.get() + counters.spoolDropped.get();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    if (started.get()) {
      flushRequested = true;
      LockSupport.unpark(sender);
      synchronized (idle) {
        while (!drained() && System.nanoTime() < deadline) {
          long waitMillis =
              Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          try {
            idle.wait(Math.min(waitMillis, 20));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    if (!drained()) {
      spoolRemaining();
      transport.abort();
      return false;
    }
    return counters.spooled.get() + counters.spoolDropped.get() == spooledBefore;
  }

  /**
   * At JVM exit, all within {@code timeoutMillis}: {@link #flush} waiting at most {@code
   * timeoutMillis} minus a reserve for spooling ({@value #EXIT_SPOOL_RESERVE_MILLIS} ms at most),
   * then breaks off any exchange still in progress (e.g. a previous run's spool being delivered to
   * a server that does not answer) and gives its spool file back, so the JVM does not wait on a
   * thread blocked in a socket read and the file is sent by the next run.
   */
  public void flushAtExit(long timeoutMillis) {
    flush(Math.max(0, timeoutMillis - Math.min(EXIT_SPOOL_RESERVE_MILLIS, timeoutMillis / 5)));
    transport.abort();
    Path claimed = sendingFromSpool;
    if (claimed != null) {
      spool.release(claimed);
    }
  }

  /** Time kept at exit for writing undelivered events to the spool: {@value} ms at most. */
  static final long EXIT_SPOOL_RESERVE_MILLIS = 100;

  /** Stops the sender at once, breaking off an exchange in progress; sends and spools nothing. */
  public void stop() {
    stopped = true;
    transport.abort();
    LockSupport.unpark(sender);
  }

  /** Events queued and not yet taken by the sender. */
  public int depth() {
    return size.get();
  }

  public Path spoolDir() {
    return spool.dir();
  }

  private boolean drained() {
    return size.get() == 0 && inFlight.get() == null && !spoolDeliveryPending;
  }

  private void spoolRemaining() {
    List<WireEvent> rest = new ArrayList<>();
    synchronized (handoff) {
      List<WireEvent> flying = inFlight.getAndSet(null);
      if (flying != null) {
        rest.addAll(flying);
      }
      Crumb c;
      while ((c = queue.poll()) != null) {
        size.decrementAndGet();
        WireEvent e = build(c);
        if (e != null) {
          rest.add(e);
        }
      }
    }
    spool.write(rest);
  }

  private void run() {
    events.userId(); // environment and identity, once, before the first crumb is taken
    while (!stopped) {
      try {
        if (!local
            && (!spoolChecked
                || deliverRequested
                || (retryAtNanos != 0 && System.nanoTime() >= retryAtNanos))) {
          spoolChecked = true;
          deliverRequested = false;
          try {
            if (!inspecting) {
              deliverSpool();
            }
          } finally {
            spoolDeliveryPending = false;
          }
        }
        List<WireEvent> batch = take();
        if (!batch.isEmpty()) {
          send(batch);
        } else {
          synchronized (idle) {
            idle.notifyAll();
          }
          if (!flushRequested) {
            LockSupport.parkNanos(this, lingerNanos);
          } else if (size.get() == 0) {
            flushRequested = false;
          }
        }
      } catch (RuntimeException | Error e) {
        inFlight.set(null);
        Log.debug("sender: " + e);
      }
    }
  }

  /**
   * Up to one batch of crumbs as events. The batch is published as in flight before the queue size
   * drops, so {@link #flush} never sees both empty while crumbs are between the two.
   */
  private List<WireEvent> take() {
    List<WireEvent> batch = new ArrayList<>();
    synchronized (handoff) {
      int taken = 0;
      Crumb c;
      while (batch.size() < batchSize && (c = queue.poll()) != null) {
        taken++;
        WireEvent e = build(c);
        if (e != null) {
          batch.add(e);
        }
      }
      if (!batch.isEmpty()) {
        inFlight.set(batch);
      }
      size.addAndGet(-taken);
    }
    return batch;
  }

  /** The event of a crumb, or null (counted as refused) if the crumb is invalid. */
  private WireEvent build(Crumb c) {
    try {
      return events.toEvent(c);
    } catch (RuntimeException e) {
      counters.rejected.incrementAndGet();
      Log.warn("dropping an invalid breadcrumb: " + e.getMessage());
      return null;
    }
  }

  private void send(List<WireEvent> batch) {
    if (local || (retryAtNanos != 0 && System.nanoTime() < retryAtNanos)) {
      synchronized (handoff) {
        if (inFlight.get() == batch) {
          spool.write(batch);
          inFlight.set(null);
        }
      }
      return;
    }
    Transport.Outcome outcome = transport.send(batch);
    answered(batch, outcome);
    if (outcome.refused > 0) {
      Log.warn("server refused " + outcome.refused + " events: " + outcome.reason);
    }
    if (!outcome.retry) {
      inFlight.compareAndSet(batch, null);
      succeeded();
      return;
    }
    // Only the owner of the batch spools its rest (the exit flush may have taken it already),
    // and it stays in flight until spooled, so a flush never sees it nowhere.
    synchronized (handoff) {
      if (inFlight.get() == batch) {
        spool.write(new ArrayList<>(batch.subList(outcome.processed, batch.size())));
        inFlight.set(null);
      }
    }
    long wait = retryLater(outcome);
    Log.debug("send failed (" + outcome.reason + "); spooled, retry in " + wait + " ms");
  }

  /** Counts a batch's answer and hands what the server took to {@link #onDelivered}. */
  private void answered(List<WireEvent> batch, Transport.Outcome outcome) {
    counters.sent.addAndGet(outcome.delivered());
    counters.rejected.addAndGet(outcome.refused);
    java.util.function.Consumer<List<WireEvent>> told = delivered;
    if (outcome.delivered() > 0 && told != null) {
      try {
        told.accept(batch.subList(0, outcome.processed));
      } catch (RuntimeException e) {
        Log.debug("after a delivery: " + e);
      }
    }
  }

  private void deliverSpool() {
    for (Path file : spool.pending()) {
      if (stopped || local) {
        return;
      }
      Path claimed = spool.claim(file);
      if (claimed == null) {
        continue;
      }
      sendingFromSpool = claimed;
      try {
        if (!deliverClaimed(claimed)) {
          return;
        }
      } finally {
        sendingFromSpool = null;
      }
    }
    succeeded();
  }

  private void succeeded() {
    backoff.succeeded();
    retryAtNanos = 0;
  }

  /** Backs off after a failed send; returns the wait before the next attempt, in milliseconds. */
  private long retryLater(Transport.Outcome outcome) {
    long wait = backoff.failed(outcome.retryAfterMillis);
    retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
    return wait;
  }

  /** Sends one claimed spool file; false if it must be retried later (stop delivering now). */
  private boolean deliverClaimed(Path claimed) {
    List<WireEvent> batch = spool.read(claimed);
    if (batch.isEmpty()) {
      return true;
    }
    Transport.Outcome outcome = transport.send(batch);
    answered(batch, outcome);
    if (!outcome.retry) {
      spool.delete(claimed);
      return true;
    }
    if (outcome.processed > 0) {
      spool.write(new ArrayList<>(batch.subList(outcome.processed, batch.size())));
      spool.delete(claimed);
    } else {
      spool.release(claimed);
    }
    long wait = retryLater(outcome);
    Log.debug("spool delivery failed (" + outcome.reason + "); retry in " + wait + " ms");
    return false;
  }
}
