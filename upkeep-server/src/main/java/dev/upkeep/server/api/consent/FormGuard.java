package dev.upkeep.server.api.consent;

import dev.upkeep.server.http.FormBody;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF defence of every state-changing HTML form (otumat's install page, the OAuth authorize
 * page): an {@code Origin} check and a signed double-submit token.
 *
 * <p><b>Token.</b> Showing a form sets the cookie {@value #COOKIE} (32 random bytes, {@code Path=/;
 * HttpOnly; SameSite=Strict; Max-Age=3600}; an existing well-formed one is kept) and puts the
 * hidden input {@value #FIELD} = {@code <expiry epoch seconds>.<HMAC-SHA256(key, cookie, form path,
 * expiry)>} in the form. A post must carry both, matching, for the same path, before the expiry
 * ({@link #TOKEN_TTL}). Another site can neither read the cookie nor compute a token for it (the
 * key is the collector's secret, stored once in the database so every collector sharing it agrees),
 * and with {@code SameSite=Strict} the browser does not even send the cookie with a cross-site
 * post. Why signed double-submit and not a server-stored token: a consent page is shown to anyone
 * without an account, so storing a token per view would let anyone fill the database; this way
 * nothing is written until the user allows.
 *
 * <p><b>Origin.</b> A post is refused when {@code Sec-Fetch-Site} says {@code cross-site} or {@code
 * same-site}; when {@code Origin} is present and is {@code null} or names another host and port
 * than the request's {@code Host} (or {@code X-Forwarded-Host}); and when {@code Origin} is missing
 * from a browser that sends {@code Sec-Fetch-Site} (such browsers always send {@code Origin} with a
 * post). Requests with neither header (tools, old browsers) rely on the token alone. The pages use
 * {@code Referrer-Policy: same-origin} so that browsers send their real {@code Origin} with the
 * page's own post (with {@code no-referrer} they send {@code Origin: null}).
 *
 * <p>Every refusal is a {@link PageException} 403 saying what happened and what to do. Immutable,
 * thread-safe.
 */
public final class FormGuard {
  /** The cookie: {@value}. */
  public static final String COOKIE = "upkeep_form";

  /** The hidden input: {@value}. */
  public static final String FIELD = "csrf";

  /** How long a shown form can be posted: one hour. */
  public static final Duration TOKEN_TTL = Duration.ofHours(1);

  private static final Pattern COOKIE_VALUE = Pattern.compile("^[A-Za-z0-9_-]{43}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final Clock clock;

  /**
   * @param key the HMAC key, at least 32 bytes
   * @throws IllegalArgumentException when shorter
   */
  public FormGuard(byte[] key, Clock clock) {
    if (key.length < 32) {
      throw new IllegalArgumentException("form key must be at least 32 bytes, was " + key.length);
    }
    this.key = key.clone();
    this.clock = clock;
  }

  /** A new random key, URL-safe Base64, to store once. */
  public static String newKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Sets the cookie (unless the request has a valid one) and returns the form's token. */
  public String issue(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    if (cookie == null || !COOKIE_VALUE.matcher(cookie).matches()) {
      cookie = newKey();
      ctx.header(
          "Set-Cookie",
          COOKIE
              + "="
              + cookie
              + "; Path=/; Max-Age="
              + TOKEN_TTL.toSeconds()
              + "; HttpOnly; SameSite=Strict");
    }
    long expiry = clock.instant().plus(TOKEN_TTL).getEpochSecond();
    return expiry + "." + mac(cookie, ctx.path(), expiry);
  }

  /**
   * Checks a posted form's origin and token.
   *
   * @throws PageException 403 naming what is wrong
   */
  public void check(Context ctx, FormBody form) {
    checkOrigin(ctx);
    String token = form.first(FIELD);
    if (token == null || token.isEmpty()) {
      throw refused(
          "The form carries no form token, so it was not posted from this server's own page.");
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie == null || !COOKIE_VALUE.matcher(cookie).matches()) {
      throw refused(
          "The form's cookie is missing: the browser did not send it back, because it blocks"
              + " cookies for this server or the form was posted from another site.");
    }
    int dot = token.indexOf('.');
    long expiry;
    try {
      expiry = Long.parseLong(token.substring(0, Math.max(dot, 0)));
    } catch (NumberFormatException e) {
      throw refused("The form token is malformed.");
    }
    byte[] want = mac(cookie, ctx.path(), expiry).getBytes(StandardCharsets.US_ASCII);
    byte[] got = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(want, got)) {
      throw refused("The form token does not belong to this browser's page.");
    }
    if (clock.instant().getEpochSecond() >= expiry) {
      throw refused("The page is older than " + TOKEN_TTL.toMinutes() + " minutes.");
    }
  }

  private static void checkOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null
        && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      throw refused("This form was posted from another site (Sec-Fetch-Site: " + site + ").");
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      if (site != null) {
        throw refused(
            "The browser sent no Origin with this form, so where it came from is unknown.");
      }
      return;
    }
    String host = ctx.header("X-Forwarded-Host");
    host = host != null ? host.split(",", 2)[0].strip() : ctx.header("Host");
    String from = authority(origin);
    if (from == null || host == null || !from.equalsIgnoreCase(host.strip())) {
      throw refused(
          "This form was posted from "
              + (origin.equals("null") ? "a page that hides its origin (Origin: null)" : origin)
              + ", not from this server's own page.");
    }
  }

  /** The {@code host[:port]} of an {@code Origin} value, or null when it is not http(s). */
  private static String authority(String origin) {
    try {
      URI u = new URI(origin);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || u.getRawAuthority() == null) {
        return null;
      }
      return u.getRawAuthority();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static PageException refused(String what) {
    return new PageException(
        403,
        "Not sent from this page",
        what
            + " Nothing was done. Open the link from the application again and choose on this"
            + " server's own page.");
  }

  private String mac(String cookie, String path, long expiry) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] d =
          m.doFinal(
              ("consent-form\n" + cookie + "\n" + path + "\n" + expiry)
                  .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** The page's hidden fields with the form token added as {@link #FIELD}. */
  public static List<Map.Entry<String, String>> withToken(
      List<Map.Entry<String, String>> hidden, String token) {
    List<Map.Entry<String, String>> out = new ArrayList<>(hidden);
    out.add(Map.entry(FIELD, token));
    return out;
  }
}
