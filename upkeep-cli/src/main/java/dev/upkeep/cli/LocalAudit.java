package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.audit.AuditLog;
import java.time.Clock;

/**
 * Records an admin action the CLI makes on the store directly (not through the API, whose actions
 * the collector records) in the collector's audit log: {@code who} is {@code local}, {@code from}
 * is {@code cli (user NAME)}.
 */
final class LocalAudit {
  private LocalAudit() {}

  static void record(ServerConfig config, String action, String target) {
    config
        .auditLog()
        .ifPresent(
            file -> {
              try (AuditLog log = AuditLog.open(file, Clock.systemUTC())) {
                log.record(
                    "local",
                    null,
                    action,
                    target,
                    "cli (user " + System.getProperty("user.name") + ")");
              }
            });
  }
}
