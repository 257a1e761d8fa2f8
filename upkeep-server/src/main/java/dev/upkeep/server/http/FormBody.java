package dev.upkeep.server.http;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code application/x-www-form-urlencoded} name/value pairs (a POSTed form or a query string),
 * decoded as UTF-8 in their order, repeats kept. Immutable, thread-safe.
 */
public final class FormBody {
  private final List<Map.Entry<String, String>> pairs;

  private FormBody(List<Map.Entry<String, String>> pairs) {
    this.pairs = List.copyOf(pairs);
  }

  /**
   * The request's form body.
   *
   * @throws ApiException 400 when the Content-Type is not {@code application/x-www-form-urlencoded}
   *     or the encoding is malformed, 413 over {@code limit} bytes
   */
  public static FormBody read(Context ctx, int limit) {
    String type = ctx.contentType();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw ApiException.badRequest(
          "The body must be a form (Content-Type: application/x-www-form-urlencoded), was "
              + (type == null ? "no Content-Type" : type)
              + ".");
    }
    return parse(Bodies.utf8(ctx, limit));
  }

  /** The request's query string. */
  public static FormBody query(Context ctx) {
    String q = ctx.queryString();
    return parse(q == null ? "" : q);
  }

  /**
   * Decodes {@code a=1&b=x+y&c}; a name without {@code =} has the empty value.
   *
   * @throws ApiException 400 for a malformed percent escape
   */
  public static FormBody parse(String encoded) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String part : encoded.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      out.add(Map.entry(decode(name), decode(value)));
    }
    return new FormBody(out);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Malformed percent-encoding in \"" + s + "\".");
    }
  }

  /** Every pair in order. */
  public List<Map.Entry<String, String>> pairs() {
    return pairs;
  }

  /** The first value of a name, or null. */
  public String first(String name) {
    for (Map.Entry<String, String> p : pairs) {
      if (p.getKey().equals(name)) {
        return p.getValue();
      }
    }
    return null;
  }

  /** The first name that occurs more than once, or null. */
  public String repeatedName() {
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> p : pairs) {
      if (!seen.add(p.getKey())) {
        return p.getKey();
      }
    }
    return null;
  }
}
