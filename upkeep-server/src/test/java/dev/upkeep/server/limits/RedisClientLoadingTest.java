package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The Redis client (Lettuce, and Netty under it) is not loaded unless {@code rate-limit-store} is a
 * Redis URL. The limits' classes are defined afresh by a class loader that records every class they
 * ask for, and used through reflection.
 */
class RedisClientLoadingTest {

  @Test
  void memoryAndPostgresNeverAskForLettuce() throws Exception {
    Recorder loader = new Recorder();
    use(loader, "memory", null, true);
    use(loader, "postgres", "jdbc:postgresql://127.0.0.1:1/none?user=none", false);

    assertThat(loader.requested).anyMatch(n -> n.startsWith("com.zaxxer.hikari."));
    assertThat(loader.requested)
        .noneMatch(n -> n.startsWith("io.lettuce.") || n.startsWith("io.netty."));
  }

  @Test
  void aRedisUrlLoadsIt() throws Exception {
    Recorder loader = new Recorder();
    use(loader, "redis://127.0.0.1:1", null, false);

    assertThat(loader.requested).contains("io.lettuce.core.RedisClient");
  }

  /** Opens the store of a setting through the recorder's classes, decides once, closes it. */
  private static void use(Recorder loader, String setting, String databaseUrl, boolean decide)
      throws Exception {
    Class<?> backend = loader.loadClass(LimitBackend.class.getName());
    Class<?> stores = loader.loadClass(LimitStores.class.getName());
    Class<?> store = loader.loadClass(LimitStore.class.getName());
    Object parsed = backend.getMethod("parse", String.class).invoke(null, setting);
    Method open = stores.getMethod("open", backend, String.class, Clock.class);
    Object limits = open.invoke(null, parsed, databaseUrl, Clock.systemUTC());
    try {
      if (decide) {
        Object charge =
            loader
                .loadClass(Charge.class.getName())
                .getMethod("request", String.class, long.class, Duration.class)
                .invoke(null, "r:k", 1L, Duration.ofSeconds(60));
        store.getMethod("take", List.class).invoke(limits, List.of(charge));
      }
    } finally {
      store.getMethod("close").invoke(limits);
    }
  }

  /** Defines this package's classes itself, records every class name asked of it. */
  private static final class Recorder extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    Recorder() {
      super(RedisClientLoadingTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      if (!name.startsWith(LimitStore.class.getPackageName() + ".")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          String file = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(file)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
