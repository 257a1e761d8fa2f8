package dev.upkeep.client.internal.delivery;

import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.env.Environment;
import dev.upkeep.protocol.WireEvent;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns crumbs into wire events on the sender thread: adds the event id, the user and session ids
 * and the environment, all computed once and lazily so the caller's thread never pays for them.
 * Thread-safe (the shutdown hook may use it too).
 */
final class EventFactory {
  private final Supplier<Environment> environmentSource;
  private final Supplier<String> userIdSource;
  private final String configuredSessionId;
  private volatile Environment environment;
  private volatile String userId;
  private volatile String sessionId;
  private volatile boolean resolved;

  EventFactory(Supplier<Environment> environment, Supplier<String> userId, String sessionId) {
    this.environmentSource = environment;
    this.userIdSource = userId;
    this.configuredSessionId = sessionId;
  }

  WireEvent toEvent(Crumb c) {
    resolve();
    Environment env = environment;
    WireEvent.Builder b =
        WireEvent.builder()
            .id(UUID.randomUUID().toString())
            .kind(c.kind)
            .project(c.project)
            .version(c.version)
            .timestamp(Instant.ofEpochMilli(c.timestampMillis))
            .language("java")
            .languageVersion(env.javaVersion())
            .userId(userId)
            .sessionId(sessionId)
            .userType(env.ci().isCi() ? "ci" : "general")
            .platform(env.platform())
            .container(env.container())
            .isCi(env.ci().isCi())
            .status(c.status)
            .statusDesc(c.statusDesc)
            .errorType(c.errorType)
            .errorDesc(c.errorDesc);
    if (!c.attributes.isEmpty()) {
      b.attributes(c.attributes);
    }
    return b.build();
  }

  /** The user id in use (resolving it if needed), or null. */
  String userId() {
    resolve();
    return userId;
  }

  private void resolve() {
    if (resolved) {
      return;
    }
    synchronized (this) {
      if (resolved) {
        return;
      }
      environment = environmentSource.get();
      String id = null;
      try {
        id = userIdSource.get();
      } catch (RuntimeException e) {
        Log.debug("no user id: " + e);
      }
      userId = id;
      sessionId = configuredSessionId != null ? configuredSessionId : UUID.randomUUID().toString();
      resolved = true;
    }
  }
}
