package dev.upkeep.cli;

import dev.upkeep.server.alerts.RuleKind;
import dev.upkeep.server.settings.DurationText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values of {@code upkeep alert add}'s options, read by picocli converters: a bad value is a
 * usage error (exit 2) whose message names the option and the bad part, e.g. {@code Invalid value
 * for option '--above-baseline' (FACTOR): "x2" is not a factor such as 2x or 1.5}. A secret is
 * never repeated in a message. Stateless.
 */
final class AlertArgs {
  private AlertArgs() {}

  /** What {@code --notify} takes, for help and errors. */
  static final String NOTIFY_FORMS =
      "webhook=URL,secret=REF | slack=REF | matrix=URL,room=!ID:SERVER,secret=REF |"
          + " email=ADDRESS[,ADDRESS...]";

  /** {@code --when}: a {@link RuleKind} by its id ({@code failure-rate}, ...). */
  static final class Kind implements ITypeConverter<RuleKind> {
    @Override
    public RuleKind convert(String text) {
      try {
        return RuleKind.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("\"" + text + "\" is not a kind of rule: use " + kinds());
      }
    }

    static String kinds() {
      List<String> ids = new ArrayList<>();
      for (RuleKind k : RuleKind.values()) {
        ids.add(k.id());
      }
      return String.join(", ", ids);
    }
  }

  /**
   * {@code --above-baseline}: a factor of 1 or more, {@code 2x}, {@code 2×} or {@code 2} (2.0),
   * {@code 1.5x} (1.5).
   */
  static final class Factor implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      if (t.endsWith("x") || t.endsWith("×")) {
        t = t.substring(0, t.length() - 1);
      }
      double f = number(t);
      if (Double.isNaN(f)) {
        throw new TypeConversionException(
            "\"" + text + "\" is not a factor such as 2x or 1.5 (times the baseline)");
      }
      if (f < 1) {
        throw new TypeConversionException(
            "\""
                + text
                + "\" is below 1x: the new version must fail at least as often as the last");
      }
      return f;
    }
  }

  /** {@code --above}, {@code --below}: a share of users, {@code 10%} or {@code 0.1}; 0 to 1. */
  static final class Share implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      String t = text.strip();
      boolean percent = t.endsWith("%");
      double v = number(percent ? t.substring(0, t.length() - 1).strip() : t);
      if (Double.isNaN(v)) {
        throw new TypeConversionException(
            "\"" + text + "\" is not a share such as 10% or 0.1 (of the active users)");
      }
      double share = percent ? v / 100 : v;
      if (share < 0 || share > 1) {
        throw new TypeConversionException(
            "\""
                + text
                + "\" is not a share from 0% to 100%"
                + (percent ? "" : " (a number without % is a fraction: 0.1 is 10%)"));
      }
      return share;
    }
  }

  /**
   * {@code --after}, {@code --for}: a positive duration as settings write it ({@code 24h}, {@code
   * 14d}, {@code 90m}), passed on as written.
   */
  static final class Span implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      Duration d;
      try {
        d = DurationText.parse("duration", text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "\"" + text + "\" is not a duration such as 24h, 14d or 90m");
      }
      if (d.isZero()) {
        throw new TypeConversionException("\"" + text + "\" is no time at all");
      }
      return text.strip();
    }
  }

  /**
   * One destination of {@code --notify}, as the rule's JSON has it ({@code {"type", "url",
   * "secret", "room", "to"}}).
   */
  record Destination(Map<String, Object> json) {
    String type() {
      return (String) json.get("type");
    }
  }

  /**
   * {@code --notify TYPE=VALUE[,KEY=VALUE...]}, parts separated by commas (a comma inside a URL is
   * written {@code %2C}):
   *
   * <ul>
   *   <li>{@code webhook=URL,secret=REF}: an http(s) URL and the signing secret;
   *   <li>{@code slack=REF}: the incoming webhook's URL, which is Slack's secret, as a reference;
   *   <li>{@code matrix=URL,room=!ID:SERVER,secret=REF}: the homeserver, the room id and the access
   *       token;
   *   <li>{@code email=ADDRESS[,ADDRESS...]}: the recipients (the collector's SMTP server sends).
   * </ul>
   *
   * A REF is {@code env:NAME} (read from the collector's environment) or {@code enc:v1:…} ({@code
   * upkeep alert secret}); a secret itself is refused without being repeated.
   */
  static final class Notify implements ITypeConverter<Destination> {
    @Override
    public Destination convert(String text) {
      String[] parts = text.split(",", -1);
      int eq = parts[0].indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException(
            "\"" + first(parts[0]) + "\" is not TYPE=VALUE: use " + NOTIFY_FORMS);
      }
      String type = parts[0].substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = parts[0].substring(eq + 1).strip();
      List<String> keys =
          switch (type) {
            case "webhook" -> List.of("secret");
            case "slack" -> List.of();
            case "matrix" -> List.of("room", "secret");
            case "email" -> List.of();
            default ->
                throw new TypeConversionException(
                    "unknown destination \"" + type + "\": use " + NOTIFY_FORMS);
          };
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", type);
      if (type.equals("email")) {
        List<String> to = new ArrayList<>();
        to.add(value);
        for (int i = 1; i < parts.length; i++) {
          to.add(parts[i].strip());
        }
        for (String address : to) {
          int at = address.indexOf('@');
          if (at <= 0 || at == address.length() - 1 || address.matches(".*\\s.*")) {
            throw new TypeConversionException(
                "email: \"" + address + "\" is not an address such as oncall@example.org");
          }
        }
        json.put("to", to);
        return new Destination(json);
      }
      if (value.isEmpty()) {
        throw new TypeConversionException(
            type
                + "= needs "
                + (type.equals("slack") ? "a reference" : "a URL")
                + ": use "
                + NOTIFY_FORMS);
      }
      Map<String, String> given = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int e = parts[i].indexOf('=');
        String key = e < 0 ? parts[i].strip() : parts[i].substring(0, e).strip();
        if (e < 0 || !keys.contains(key)) {
          String named =
              e >= 0 && key.matches("[A-Za-z_-]{1,20}")
                  ? "\"" + key + "=\" is not one of its parts"
                  : "part " + (i + 1) + " is not KEY=VALUE";
          throw new TypeConversionException(
              type
                  + ": "
                  + named
                  + " ("
                  + (keys.isEmpty()
                      ? "it takes none"
                      : "it takes " + String.join("=, ", keys) + "=")
                  + "; a comma in a URL is written %2C)");
        }
        if (given.put(key, parts[i].substring(e + 1).strip()) != null) {
          throw new TypeConversionException(type + ": " + key + "= is given twice");
        }
      }
      if (type.equals("slack")) {
        json.put("url", reference("slack", "the webhook URL", value));
        return new Destination(json);
      }
      json.put("url", url(type, value));
      if (type.equals("matrix")) {
        String room = given.get("room");
        if (room == null || !room.startsWith("!") || room.length() < 2) {
          throw new TypeConversionException(
              "matrix: "
                  + (room == null ? "room= is missing" : "room \"" + room + "\" is not a room id")
                  + ": give room=!ID:SERVER (the room's id, not its #alias)");
        }
        json.put("room", room);
      }
      String secret = given.get("secret");
      if (secret == null) {
        throw new TypeConversionException(
            type
                + ": secret= is missing: give secret=env:NAME or secret=enc:v1:… (upkeep alert"
                + " secret seals a value)");
      }
      json.put("secret", reference(type, "secret=", secret));
      return new Destination(json);
    }

    /** {@code text} when it is {@code env:NAME} or {@code enc:v1:…}; never repeats it otherwise. */
    private static String reference(String type, String what, String text) {
      if (text.matches("env:[A-Za-z_][A-Za-z0-9_]*") || text.matches("enc:v1:[A-Za-z0-9+/=]+")) {
        return text;
      }
      throw new TypeConversionException(
          type
              + ": "
              + what
              + " must be a reference, env:NAME or enc:v1:… (upkeep alert secret seals a value),"
              + " not the secret itself ("
              + text.length()
              + " characters that are neither)");
    }

    private static String url(String type, String text) {
      URI u;
      try {
        u = URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(type + ": the URL is not a URL: " + e.getMessage());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new TypeConversionException(
            type + ": the URL must be http:// or https:// with a host, was \"" + scheme + ":…\"");
      }
      return text;
    }

    /** At most the first 20 characters of a part, for a message. */
    private static String first(String part) {
      return part.length() <= 20 ? part : part.substring(0, 20) + "…";
    }
  }

  /** A plain decimal number, or NaN. */
  private static double number(String text) {
    if (!text.matches("\\d+(\\.\\d+)?|\\.\\d+")) {
      return Double.NaN;
    }
    return Double.parseDouble(text);
  }
}
