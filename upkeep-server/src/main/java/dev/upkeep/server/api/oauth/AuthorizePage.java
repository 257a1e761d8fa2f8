package dev.upkeep.server.api.oauth;

import dev.upkeep.server.api.consent.ConsentForm;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.api.consent.LoopbackRedirect;
import dev.upkeep.server.api.consent.PageException;
import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.projects.ProjectRegistry;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The authorization endpoint of Upkeep's own enrollment, {@code /oauth/authorize} (authorization
 * code with PKCE S256, loopback redirect, RFC 6749 4.1, RFC 7636, RFC 8252 7.3).
 *
 * <ul>
 *   <li>GET with an {@link AuthorizeRequest}: 200, the consent page, whose form posts the request
 *       back with {@code decision}.
 *   <li>POST {@code decision=allow}: 303 to {@code redirect_uri?code=<ac_...>&state=<state>}; the
 *       code is single use, valid for 60 s, bound to the client id, redirect URI and challenge.
 *   <li>POST {@code decision=deny}: 303 to {@code redirect_uri?error=access_denied&state=<state>}.
 * </ul>
 *
 * A bad request is answered with an error page and no redirect: 404 for an unregistered project,
 * 400 naming the parameter (a {@code redirect_uri} not on {@code http://127.0.0.1} or {@code
 * http://[::1]}, a {@code code_challenge_method} other than S256, ...), 403 for a post without this
 * page's {@link FormGuard} token and cookie or from another origin (no code is issued).
 * Thread-safe.
 */
public final class AuthorizePage {
  private final ProjectRegistry registry;
  private final Enrollments enrollments;
  private final ConsentPage page;
  private final FormGuard guard;
  private final int maxBodyBytes;

  public AuthorizePage(
      ProjectRegistry registry,
      Enrollments enrollments,
      ConsentPage page,
      FormGuard guard,
      int maxBodyBytes) {
    this.registry = registry;
    this.enrollments = enrollments;
    this.page = page;
    this.guard = guard;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** GET: the consent page. */
  public void show(Context ctx) {
    try {
      AuthorizeRequest request = AuthorizeRequest.parse(FormBody.query(ctx), registry);
      page.show(ctx, consent(request, guard.issue(ctx)));
    } catch (PageException e) {
      e.answer(page, ctx);
    }
  }

  /** POST: the user's decision. */
  public void decide(Context ctx) {
    try {
      FormBody form = ConsentForm.read(ctx, maxBodyBytes, guard);
      AuthorizeRequest request = AuthorizeRequest.parse(form, registry);
      List<Map.Entry<String, String>> answer;
      if (ConsentForm.decision(form) == ConsentForm.Decision.ALLOW) {
        String code =
            enrollments.issueCode(request.project(), request.redirectUri(), request.challenge());
        answer = List.of(Map.entry("code", code), Map.entry("state", request.state()));
      } else {
        answer = List.of(Map.entry("error", "access_denied"), Map.entry("state", request.state()));
      }
      ctx.status(303)
          .header("Location", LoopbackRedirect.withQuery(request.redirectUri(), answer))
          .header("Cache-Control", "no-store")
          .header("Referrer-Policy", "no-referrer");
    } catch (PageException e) {
      e.answer(page, ctx);
    }
  }

  private static ConsentPage.Consent consent(AuthorizeRequest r, String token) {
    String name = r.project().name();
    return new ConsentPage.Consent(
        "Share usage of " + name + "?",
        "Share usage of " + name + " with its maintainers?",
        "An application on this computer asks to send usage events of "
            + name
            + " to this Upkeep server for its maintainers.",
        List.of(
            "A random id for this installation; no name, e-mail address or account.",
            "For each run or event the application sends: the version of "
                + name
                + ", its language and version, your operating system, whether it runs in a"
                + " container or on a CI service, how the run ended (and the type and message"
                + " of an error), and when it happened.",
            "Random ids the application makes for you and for each session, if it sends them."),
        List.of(
            "Your name, e-mail address or account.",
            "Your MAC address, location or time zone.",
            "Your IP address."),
        "Nothing is stored if you choose Deny. If you allow, this installation gets its own"
            + " tokens to send events; you can stop at any time by turning telemetry off in the"
            + " application.",
        "After you choose, your browser is sent to "
            + LoopbackRedirect.origin(r.redirectUri())
            + ", the application on this computer that asked.",
        "authorize",
        FormGuard.withToken(r.hidden(), token));
  }
}
