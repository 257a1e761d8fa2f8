package dev.upkeep.server.alerts.delivery;

import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link Deliverer}; {@link #build()} makes it. Each setter validates its value and
 * throws {@link IllegalArgumentException} naming the setting and the value. Not thread-safe.
 */
public final class DelivererBuilder {
  /** Attempts per delivery by default: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** The first wait by default: 1 s. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** The longest wait by default: 5 min. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  /** The connect timeout by default: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The request timeout by default: 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Delivery threads by default: {@value}. */
  public static final int DEFAULT_THREADS = 2;

  final Clock clock;
  final DeliveryLog log;
  int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
  Duration maxBackoff = DEFAULT_MAX_BACKOFF;
  Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  int threads = DEFAULT_THREADS;
  Function<String, String> environment = System::getenv;
  Supplier<SecretBox> secretBox = () -> null;
  SSLContext sslContext;
  Scheduler scheduler;

  DelivererBuilder(Clock clock, DeliveryLog log) {
    if (clock == null) {
      throw new IllegalArgumentException("clock is required");
    }
    if (log == null) {
      throw new IllegalArgumentException("delivery log is required");
    }
    this.clock = clock;
    this.log = log;
  }

  /** Attempts per delivery, 1 to 100 (default {@value #DEFAULT_MAX_ATTEMPTS}). */
  public DelivererBuilder maxAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and 100, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    return this;
  }

  /** The wait after the first failed attempt, more than 0 (default 1 s); doubles each time. */
  public DelivererBuilder initialBackoff(Duration initialBackoff) {
    this.initialBackoff = positive("initialBackoff", initialBackoff);
    return this;
  }

  /**
   * The longest wait between attempts, more than 0 (default 5 min); also the longest {@code
   * Retry-After} honoured: a longer one ends the delivery as failed.
   */
  public DelivererBuilder maxBackoff(Duration maxBackoff) {
    this.maxBackoff = positive("maxBackoff", maxBackoff);
    return this;
  }

  /** How long to wait for a connection (HTTP or SMTP), more than 0 (default 10 s). */
  public DelivererBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = positive("connectTimeout", connectTimeout);
    return this;
  }

  /**
   * How long to wait for an HTTP answer, or for each SMTP read and write, more than 0 (default 30
   * s).
   */
  public DelivererBuilder requestTimeout(Duration requestTimeout) {
    this.requestTimeout = positive("requestTimeout", requestTimeout);
    return this;
  }

  /** Delivery threads, 1 to 16 (default {@value #DEFAULT_THREADS}). */
  public DelivererBuilder threads(int threads) {
    if (threads < 1 || threads > 16) {
      throw new IllegalArgumentException("threads must be between 1 and 16, was " + threads);
    }
    this.threads = threads;
    return this;
  }

  /** Where {@code env:NAME} secrets are read, at each attempt (default {@code System::getenv}). */
  public DelivererBuilder environment(Function<String, String> environment) {
    if (environment == null) {
      throw new IllegalArgumentException("environment is required");
    }
    this.environment = environment;
    return this;
  }

  /** The key of {@code enc:v1:} secrets (default none: such secrets fail with a clear error). */
  public DelivererBuilder secretBox(SecretBox secretBox) {
    return secretBox(() -> secretBox);
  }

  /**
   * The key of {@code enc:v1:} secrets, asked for when a delivery first reveals one (so that a
   * collector whose rules hold only {@code env:} secrets never makes a key file). The supplier may
   * return null (no key: such secrets fail with a clear error) or throw {@link
   * IllegalStateException} when the key cannot be had (that delivery fails without a retry).
   */
  public DelivererBuilder secretBox(Supplier<SecretBox> secretBox) {
    if (secretBox == null) {
      throw new IllegalArgumentException("secretBox is required");
    }
    this.secretBox = secretBox;
    return this;
  }

  /**
   * The TLS context of HTTPS, STARTTLS and SMTPS connections: its trust decides which certificates
   * are accepted (default the JVM's, {@link SSLContext#getDefault()}).
   */
  public DelivererBuilder sslContext(SSLContext sslContext) {
    if (sslContext == null) {
      throw new IllegalArgumentException("sslContext is required");
    }
    this.sslContext = sslContext;
    return this;
  }

  /**
   * What waits between attempts (default the deliverer's own scheduled executor). Tests give one
   * that runs the retry at once and records the waits.
   */
  public DelivererBuilder scheduler(Scheduler scheduler) {
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler is required");
    }
    this.scheduler = scheduler;
    return this;
  }

  /**
   * The deliverer, with its threads started on demand.
   *
   * @throws IllegalArgumentException when initialBackoff is longer than maxBackoff
   */
  public Deliverer build() {
    if (initialBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "initialBackoff must not be longer than maxBackoff, was "
              + initialBackoff
              + " with maxBackoff "
              + maxBackoff);
    }
    if (sslContext == null) {
      try {
        sslContext = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this Java runtime has no default TLS context", e);
      }
    }
    return new Deliverer(this);
  }

  private static Duration positive(String setting, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be more than 0, was " + d);
    }
    return d;
  }
}
