package dev.upkeep.server.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The limits in Redis (Lettuce): one {@code EVALSHA} of {@code take.lua} per decision, which reads
 * and writes every counter of the request atomically (Redis runs one script at a time). Counters
 * are hashes under {@code prefix + key} with a TTL of their remaining life, so Redis forgets them
 * by itself.
 *
 * <p>Only this class and {@link LimitStores#redis} name Lettuce: its classes are loaded only when
 * {@code rate-limit-store} is a Redis URL. Nothing connects at construction; the first decision
 * connects (at most {@value #CONNECT_MILLIS} ms, handshake included), and every command waits at
 * most {@value #TIMEOUT_MILLIS} ms. A lost connection is re-established in the background and
 * commands fail at once meanwhile, so {@link SharedLimitStore} counts locally instead of waiting.
 * Thread-safe.
 */
final class RedisLimitStore implements LimitStore {
  /** Longest wait for one command, in milliseconds: {@value}. */
  static final long TIMEOUT_MILLIS = 500;

  /** Longest wait for a connection, handshake included, in milliseconds: {@value}. */
  static final long CONNECT_MILLIS = 1_000;

  private static final Script TAKE = Script.load("take.lua");
  private static final Script REFUND = Script.load("refund.lua");

  private final RedisClient client;
  private final RedisURI uri;
  private final String prefix;
  private final String described;
  private final Clock clock;
  private volatile ConnectionFuture<StatefulRedisConnection<String, String>> connection;

  RedisLimitStore(String url, String prefix, Clock clock) {
    this.prefix = prefix;
    this.clock = clock;
    this.described = LimitBackend.redact(url);
    this.uri = RedisURI.create(url);
    uri.setTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
    this.client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(TIMEOUT_MILLIS)))
            .build());
  }

  @Override
  public Decision take(List<Charge> charges) {
    if (charges.isEmpty()) {
      return Decision.TAKEN;
    }
    ChargeArrays a = new ChargeArrays(charges);
    List<?> waits = run(TAKE, a, Long.toString(clock.millis()));
    long[] out = new long[waits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) waits.get(i)).longValue();
    }
    return a.decision(out);
  }

  @Override
  public void refund(List<Charge> charges) {
    if (!charges.isEmpty()) {
      run(REFUND, new ChargeArrays(charges), null);
    }
  }

  @Override
  public String describe() {
    return described;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.thenAccept(StatefulRedisConnection::close);
      connection = null;
    }
    client.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** Runs a script by its SHA-1, loading it when this Redis does not know it yet. */
  private <T> T run(Script script, ChargeArrays a, String now) {
    String[] keys = new String[a.keys.length];
    String[] args = new String[(now == null ? 0 : 1) + 4 * keys.length];
    int j = 0;
    if (now != null) {
      args[j++] = now;
    }
    for (int i = 0; i < keys.length; i++) {
      keys[i] = prefix + a.keys[i];
      args[j++] = Integer.toString(a.kinds[i]);
      args[j++] = Long.toString(a.amounts[i]);
      args[j++] = Long.toString(a.limits[i]);
      args[j++] = Long.toString(a.periods[i]);
    }
    ScriptOutputType type = now == null ? ScriptOutputType.INTEGER : ScriptOutputType.MULTI;
    try {
      RedisCommands<String, String> redis = commands();
      try {
        return redis.evalsha(script.sha1, type, keys, args);
      } catch (RedisNoScriptException e) {
        return redis.eval(script.text, type, keys, args);
      }
    } catch (RedisException e) {
      throw new LimitStoreException(
          "the limits in Redis " + described + " did not answer: " + e, e);
    }
  }

  /**
   * The connection's commands, connecting first when there is no connection: callers arriving
   * meanwhile wait for the same attempt, each at most {@value #CONNECT_MILLIS} ms; a failed attempt
   * is forgotten, so the next caller (after {@link SharedLimitStore}'s pause) tries again.
   */
  private RedisCommands<String, String> commands() {
    ConnectionFuture<StatefulRedisConnection<String, String>> f = connection;
    if (f == null) {
      synchronized (this) {
        if (connection == null) {
          connection = client.connectAsync(StringCodec.UTF8, uri);
        }
        f = connection;
      }
    }
    try {
      return f.get(CONNECT_MILLIS, TimeUnit.MILLISECONDS).sync();
    } catch (TimeoutException e) {
      forget(f);
      throw new LimitStoreException(
          "Redis " + described + " did not connect within " + CONNECT_MILLIS + " ms", e);
    } catch (ExecutionException e) {
      forget(f);
      throw new LimitStoreException(
          "cannot connect to Redis " + described + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LimitStoreException("interrupted while connecting to Redis " + described, e);
    }
  }

  /** Drops a failed connection attempt (closing its connection, should it come after all). */
  private synchronized void forget(ConnectionFuture<StatefulRedisConnection<String, String>> f) {
    if (connection == f) {
      connection = null;
      f.thenAccept(StatefulRedisConnection::close);
    }
  }

  /** A Lua script of this package and its SHA-1, as {@code EVALSHA} names it. */
  private record Script(String text, String sha1) {
    static Script load(String name) {
      try (InputStream in = RedisLimitStore.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is missing from the class path");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        byte[] sha1 =
            MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        return new Script(text, HexFormat.of().formatHex(sha1));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JDK", e);
      }
    }
  }
}
