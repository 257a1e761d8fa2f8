package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.SecretRef;
import dev.upkeep.server.alerts.delivery.SmtpSettings;
import dev.upkeep.server.settings.DurationText;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The collector's settings for release health alerts (keys of {@code upkeep serve}'s configuration
 * in brackets). Immutable; {@link #defaults()} holds every default, {@link #with} validates and
 * names the setting in its exception. The SMTP settings are checked together when the collector
 * starts ({@link #smtp()}).
 *
 * @param interval {@code alert-interval}: time between evaluations of every rule, default 1 minute
 * @param publicUrl {@code public-url}: the collector's address as people reach it, for the
 *     dashboard link in alerts; null (the default) for none
 * @param secretsKey {@code secrets-key-file}: the key {@code enc:v1:} secrets are sealed with (32
 *     bytes, made 0600 on first use); null (the default) for {@code <data>/secrets.key}. Collectors
 *     sharing a database must share this file.
 * @param smtpHost {@code smtp-host}: the SMTP server email alerts go through; null (the default):
 *     no email
 * @param smtpPort {@code smtp-port}, default 587
 * @param smtpSecurity {@code smtp-security}: {@code starttls} (default), {@code tls} or {@code
 *     none} (a relay on this machine only)
 * @param smtpUsername {@code smtp-username}: for AUTH, or null
 * @param smtpPassword {@code smtp-password}: a reference, {@code env:NAME} or {@code enc:v1:...};
 *     null without a username
 * @param smtpFrom {@code smtp-from}: the sender, default {@code upkeep@localhost}
 */
public record AlertSettings(
    Duration interval,
    String publicUrl,
    Path secretsKey,
    String smtpHost,
    int smtpPort,
    SmtpSettings.Security smtpSecurity,
    String smtpUsername,
    String smtpPassword,
    String smtpFrom) {
  /** Default time between evaluations: one minute. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** The keys, in the order {@link #describe()} lists them. */
  public static final String[] KEYS = {
    "alert-interval",
    "public-url",
    "secrets-key-file",
    "smtp-host",
    "smtp-port",
    "smtp-security",
    "smtp-username",
    "smtp-password",
    "smtp-from"
  };

  public AlertSettings {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("alert-interval must be positive, was " + interval);
    }
  }

  /** Every default: 1 minute, no public URL, {@code <data>/secrets.key}, no SMTP server. */
  public static AlertSettings defaults() {
    return new AlertSettings(
        DEFAULT_INTERVAL,
        null,
        null,
        null,
        587,
        SmtpSettings.Security.STARTTLS,
        null,
        null,
        "upkeep@localhost");
  }

  /**
   * With one setting given by its key, as a config file or environment variable writes it; an empty
   * value restores the default.
   *
   * @throws IllegalArgumentException for an unknown key or a bad value
   */
  public AlertSettings with(String key, String value) {
    String v = value == null || value.isBlank() ? null : value.strip();
    AlertSettings d = defaults();
    Fields f = new Fields(this);
    switch (key) {
      case "alert-interval" -> f.interval = v == null ? d.interval : DurationText.parse(key, v);
      case "public-url" ->
          f.publicUrl = v == null ? null : SourceSettings.httpUrl(key, v).toString();
      case "secrets-key-file" -> f.secretsKey = v == null ? null : Path.of(v);
      case "smtp-host" -> f.smtpHost = v;
      case "smtp-port" -> f.smtpPort = v == null ? d.smtpPort : Integer.parseInt(v);
      case "smtp-security" -> f.smtpSecurity = v == null ? d.smtpSecurity : security(v);
      case "smtp-username" -> f.smtpUsername = v;
      case "smtp-password" -> {
        if (v != null) {
          SecretRef.parse(v); // a reference, never the password
        }
        f.smtpPassword = v;
      }
      case "smtp-from" -> f.smtpFrom = v == null ? d.smtpFrom : v;
      default -> throw new IllegalArgumentException("unknown setting " + key);
    }
    return f.build();
  }

  /** Whether {@code key} is one of these settings ({@link #KEYS}). */
  public static boolean isKey(String key) {
    return java.util.Arrays.asList(KEYS).contains(key);
  }

  /** The fields of a copy being changed by {@link #with}. */
  private static final class Fields {
    Duration interval;
    String publicUrl;
    Path secretsKey;
    String smtpHost;
    int smtpPort;
    SmtpSettings.Security smtpSecurity;
    String smtpUsername;
    String smtpPassword;
    String smtpFrom;

    Fields(AlertSettings s) {
      interval = s.interval;
      publicUrl = s.publicUrl;
      secretsKey = s.secretsKey;
      smtpHost = s.smtpHost;
      smtpPort = s.smtpPort;
      smtpSecurity = s.smtpSecurity;
      smtpUsername = s.smtpUsername;
      smtpPassword = s.smtpPassword;
      smtpFrom = s.smtpFrom;
    }

    AlertSettings build() {
      return new AlertSettings(
          interval,
          publicUrl,
          secretsKey,
          smtpHost,
          smtpPort,
          smtpSecurity,
          smtpUsername,
          smtpPassword,
          smtpFrom);
    }
  }

  private static SmtpSettings.Security security(String v) {
    try {
      return SmtpSettings.Security.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be starttls, tls or none, was \"" + v + "\"", e);
    }
  }

  /**
   * The SMTP server email alerts go through, or null without {@code smtp-host}.
   *
   * @throws IllegalArgumentException naming what does not fit together (a password without a
   *     username, a password sent unencrypted to another machine, a bad sender)
   */
  public SmtpSettings smtp() {
    if (smtpHost == null) {
      return null;
    }
    return new SmtpSettings(
        smtpHost,
        smtpPort,
        smtpSecurity,
        smtpUsername,
        smtpPassword == null ? null : SecretRef.parse(smtpPassword),
        smtpFrom);
  }

  /** The key file {@code enc:v1:} secrets use: {@link #secretsKey}, else in {@code data}. */
  public Path secretsKeyIn(Path data) {
    return secretsKey != null ? secretsKey : data.resolve("secrets.key");
  }

  /** The settings by key, for {@code upkeep config}. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alert-interval", DurationText.format(interval));
    m.put("public-url", publicUrl == null ? "(none)" : publicUrl);
    m.put("secrets-key-file", secretsKey == null ? "(data)/secrets.key" : secretsKey.toString());
    m.put("smtp-host", smtpHost == null ? "(none)" : smtpHost);
    m.put("smtp-port", Integer.toString(smtpPort));
    m.put("smtp-security", smtpSecurity.name().toLowerCase(Locale.ROOT));
    m.put("smtp-username", smtpUsername == null ? "(none)" : smtpUsername);
    m.put("smtp-password", smtpPassword == null ? "(none)" : smtpPassword);
    m.put("smtp-from", smtpFrom);
    return m;
  }
}
