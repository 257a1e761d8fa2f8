package dev.upkeep.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Redis ({@code UPKEEP_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379/0}) for one
 * test, under a random key prefix whose keys {@link #close()} deletes. When Redis cannot be reached
 * the test is skipped, except under CI ({@code CI=true}) where that fails it.
 */
public final class TestRedis implements AutoCloseable {
  public static final String URL = redisUrl();

  /** Every key of the test starts with it. */
  public final String prefix = "upkeep-test:" + UUID.randomUUID() + ":";

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  private TestRedis(RedisClient client, StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
  }

  /** Connects, or skips the test when Redis is not reachable. */
  public static TestRedis create() {
    RedisURI uri = RedisURI.create(URL);
    uri.setTimeout(Duration.ofSeconds(5));
    RedisClient client = RedisClient.create(uri);
    try {
      return new TestRedis(client, client.connect());
    } catch (RedisException e) {
      client.shutdown(0, 2, TimeUnit.SECONDS);
      String why =
          "Redis is not reachable at "
              + URL
              + " ("
              + e.getMessage()
              + "); start it or point UPKEEP_TEST_REDIS_URL at one";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + why, e);
      }
      Assumptions.abort(why);
      throw e;
    }
  }

  /** Commands on the test's connection (keys are not prefixed for you). */
  public RedisCommands<String, String> redis() {
    return connection.sync();
  }

  /** The keys under {@link #prefix}. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page =
          redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  @Override
  public void close() {
    try {
      List<String> keys = keys();
      if (!keys.isEmpty()) {
        redis().del(keys.toArray(new String[0]));
      }
    } finally {
      connection.close();
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static String redisUrl() {
    String url = System.getenv("UPKEEP_TEST_REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379/0" : url;
  }
}
