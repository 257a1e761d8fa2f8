package dev.upkeep.server.api.consent;

import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.FormBody;
import io.javalin.http.Context;

/**
 * Reads the form a consent page posts back, refusing one another site made the browser post: a
 * cross-site {@code Sec-Fetch-Site} is answered 403 before anything is read; then {@link FormGuard}
 * checks the {@code Origin} and the form token (403).
 */
public final class ConsentForm {
  private ConsentForm() {}

  /** The decision values of the two buttons. */
  public enum Decision {
    ALLOW,
    DENY
  }

  /**
   * The posted form.
   *
   * @throws PageException 403 for a cross-site post, a foreign or missing-but-required {@code
   *     Origin} or a missing or wrong form token; 400 for a body that is not a form; 413 over
   *     {@code limit} bytes
   */
  public static FormBody read(Context ctx, int limit, FormGuard guard) {
    if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
      throw new PageException(
          403,
          "Not sent from this page",
          "This form was posted from another site. Open the link from the application again and"
              + " choose on this server's own page.");
    }
    FormBody form;
    try {
      form = FormBody.read(ctx, limit);
    } catch (ApiException e) {
      throw new PageException(e.status(), "This form is not valid", String.valueOf(e.detail()));
    }
    guard.check(ctx, form);
    return form;
  }

  /**
   * The {@code decision} field.
   *
   * @throws PageException 400 when it is missing or neither {@code allow} nor {@code deny}
   */
  public static Decision decision(FormBody form) {
    String d = form.first("decision");
    if ("allow".equals(d)) {
      return Decision.ALLOW;
    }
    if ("deny".equals(d)) {
      return Decision.DENY;
    }
    throw PageException.badParameter(
        d == null
            ? "The form has no \"decision\"; press Allow or Deny."
            : "\"decision\" must be allow or deny, was \"" + d + "\".");
  }
}
