package dev.upkeep.client;

import dev.upkeep.client.internal.consent.ConsentController;
import dev.upkeep.client.internal.consent.ConsentSettings;
import dev.upkeep.client.internal.delivery.Dispatcher;
import dev.upkeep.client.internal.delivery.DispatcherSettings;
import dev.upkeep.client.internal.enroll.TokenKeeper;
import dev.upkeep.client.internal.env.EnvSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What {@link ClientBuilder#build()} hands the client: the environment's settings, the consent's
 * and the dispatcher's, and the client's own (protocol, app version, clock, executor, error
 * handlers, update notice); and the status text that shows them with the client's state. Immutable.
 */
final class ClientSettings {
  final EnvSettings env;
  final ConsentSettings consent;
  final DispatcherSettings dispatch;
  final Protocol protocol;
  final String appVersion;
  final Clock clock;
  final Executor executor;
  final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers;
  final boolean updateNotice;

  ClientSettings(
      EnvSettings env,
      ConsentSettings consent,
      DispatcherSettings dispatch,
      Protocol protocol,
      String appVersion,
      Clock clock,
      Executor executor,
      List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers,
      boolean updateNotice) {
    this.env = env;
    this.consent = consent;
    this.dispatch = dispatch;
    this.protocol = protocol;
    this.appVersion = appVersion;
    this.clock = clock;
    this.executor = executor;
    this.errorHandlers = List.copyOf(errorHandlers);
    this.updateNotice = updateNotice;
  }

  /**
   * The text of {@link UpkeepClient#status()}: the client's version, then one indented {@code key:
   * value} line each for the consent in force and its precedence, the endpoint, protocol and
   * timeouts with where they came from, the user id, the queue and spool, the enrollment, the
   * update notice, inspect mode and the counters.
   */
  String status(
      ConsentController consent, String updates, boolean inspecting, DeliveryStats events) {
    StringBuilder out =
        new StringBuilder("upkeep client ").append(UpkeepClient.VERSION).append('\n');
    line(out, "telemetry", consent.current().toString());
    line(out, "precedence", consent.precedence());
    line(
        out,
        "endpoint",
        env.endpoint == null
            ? "none: " + env.endpointSource
            : env.endpoint + " (" + env.endpointSource + ")");
    line(out, "protocol", protocol.toString());
    line(
        out,
        "timeouts",
        "connect "
            + env.connectTimeout.toMillis()
            + " ms, read "
            + env.readTimeout.toMillis()
            + " ms ("
            + env.timeoutSource
            + ")");
    Path file = consent.userIds().file();
    line(
        out,
        "user id",
        this.consent.userIdPolicy
            + ", "
            + (file == null
                ? "no config directory"
                : file + (Files.exists(file) ? "" : " (not created)")));
    Dispatcher d = consent.dispatcher();
    if (d != null) {
      line(out, "queue", d.depth() + " of " + dispatch.queueCapacity + " events waiting");
      line(out, "spool", d.spoolDir().toString());
    }
    TokenKeeper a = consent.enrolled();
    line(
        out,
        "enrollment",
        a == null
            ? "not enrolled"
            : "enrolled for " + a.project() + " (tokens in the secret store)");
    line(out, "update notice", updates);
    if (inspecting) {
      line(out, "inspect", EnvSettings.INSPECT + " is set: requests are printed, nothing is sent");
    }
    line(out, "events", events.toString());
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append("  ").append(key).append(": ").append(value).append('\n');
  }
}
