package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.SecretStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SecretStore} in memory for tests, counting its calls; can be told to fail saves. */
final class MemorySecretStore implements SecretStore {
  final Map<String, String> secrets = new ConcurrentHashMap<>();
  final AtomicInteger saves = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  volatile boolean failSaves;

  @Override
  public String load(String key) {
    return secrets.get(key);
  }

  @Override
  public boolean save(String key, String secret) {
    saves.incrementAndGet();
    if (failSaves) {
      return false;
    }
    secrets.put(key, secret);
    return true;
  }

  @Override
  public void delete(String key) {
    deletes.incrementAndGet();
    secrets.remove(key);
  }

  @Override
  public String name() {
    return "memory";
  }
}
