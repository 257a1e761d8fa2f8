package dev.upkeep.server.api.consent;

import dev.upkeep.server.digest.Sha256;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The consent page shared by otumat's install page and Upkeep's own enrollment, and the error page
 * of both: HTML rendered on the server from {@code consent.html}, {@code error.html} and {@code
 * consent.css} in this package, every value escaped, no JavaScript.
 *
 * <p>The consent page shows the project, a plain list of what will be stored and what never is, and
 * one {@code <form method="post">} holding the request's parameters as hidden inputs and two
 * buttons, {@code <button id="allow" name="decision" value="allow">} and {@code <button id="deny"
 * name="decision" value="deny">}. Pages are sent with {@code Cache-Control: no-store}, a
 * Content-Security-Policy allowing only the page's own style, {@code frame-ancestors 'none'} and
 * {@code X-Frame-Options: DENY} (no clickjacking of the Allow button) and {@code Referrer-Policy:
 * same-origin} (no referrer leaves the server; the page's own post carries its real {@code Origin},
 * which {@link FormGuard} checks). The form holds a {@link FormGuard#FIELD} token. Immutable,
 * thread-safe.
 */
public final class ConsentPage {
  private final Template consent;
  private final Template error;
  private final Markup css;
  private final String policy;

  private ConsentPage(Template consent, Template error, String css) {
    this.consent = consent;
    this.error = error;
    this.css = new Markup(css);
    this.policy =
        "default-src 'none'; style-src '"
            + sha256(css)
            + "'; base-uri 'none'; frame-ancestors 'none'";
  }

  /**
   * Reads the templates from the class path.
   *
   * @throws IllegalStateException when one is missing from the jar
   */
  public static ConsentPage load() {
    return new ConsentPage(
        Template.load("consent.html"),
        Template.load("error.html"),
        Template.resource("consent.css"));
  }

  /**
   * What a consent page says and posts back; text is plain (escaped here).
   *
   * @param destination the sentence saying where the browser goes after a choice, naming the
   *     address (shown in the page's {@code <p class="destination">})
   */
  public record Consent(
      String title,
      String heading,
      String lead,
      List<String> stored,
      List<String> neverStored,
      String note,
      String destination,
      String action,
      List<Map.Entry<String, String>> hidden) {
    public Consent {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(destination, "destination");
      stored = List.copyOf(stored);
      neverStored = List.copyOf(neverStored);
      hidden = List.copyOf(hidden);
    }
  }

  /** The consent page as HTML. */
  public String render(Consent c) {
    Map<String, Object> values = new HashMap<>();
    values.put("title", c.title());
    values.put("css", css);
    values.put("heading", c.heading());
    values.put("lead", c.lead());
    values.put("stored", items(c.stored()));
    values.put("never", items(c.neverStored()));
    values.put("note", c.note());
    values.put("destination", c.destination());
    values.put("action", c.action());
    values.put("hidden", hidden(c.hidden()));
    return consent.render(values);
  }

  /** The error page as HTML. */
  public String renderError(String title, String message) {
    Map<String, Object> values = new HashMap<>();
    values.put("title", title);
    values.put("css", css);
    values.put("message", message);
    return error.render(values);
  }

  /** The {@code Content-Security-Policy} of every page. */
  String contentSecurityPolicy() {
    return policy;
  }

  /** Answers 200 with the consent page. */
  public void show(Context ctx, Consent c) {
    send(ctx, 200, render(c));
  }

  /** Answers {@code status} with the error page. */
  public void error(Context ctx, int status, String title, String message) {
    send(ctx, status, renderError(title, message));
  }

  private void send(Context ctx, int status, String html) {
    ctx.status(status)
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", policy)
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "same-origin")
        .header("X-Content-Type-Options", "nosniff")
        .contentType("text/html; charset=utf-8")
        .result(html);
  }

  private static Markup items(List<String> texts) {
    StringBuilder out = new StringBuilder();
    for (String t : texts) {
      out.append("      <li>").append(Html.escape(t)).append("</li>\n");
    }
    return new Markup(out.toString());
  }

  private static Markup hidden(List<Map.Entry<String, String>> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> h : fields) {
      out.append("    <input type=\"hidden\" name=\"")
          .append(Html.escape(h.getKey()))
          .append("\" value=\"")
          .append(Html.escape(h.getValue()))
          .append("\">\n");
    }
    return new Markup(out.toString());
  }

  private static String sha256(String text) {
    return "sha256-" + Base64.getEncoder().encodeToString(Sha256.ofUtf8(text));
  }
}
