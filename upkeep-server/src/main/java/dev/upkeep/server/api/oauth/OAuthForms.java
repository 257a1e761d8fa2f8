package dev.upkeep.server.api.oauth;

import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.OAuthException;
import io.javalin.http.Context;

/**
 * Reads the form body of an OAuth 2.0 token request (RFC 6749 section 4.1.3, 6), turning a
 * malformed body into {@code invalid_request} as section 5.2 asks; other failures (413) pass
 * through. Stateless.
 */
public final class OAuthForms {
  private OAuthForms() {}

  /**
   * @throws OAuthException {@code invalid_request} naming what is wrong with the body
   * @throws ApiException 413 when the body exceeds {@code maxBodyBytes}
   */
  public static FormBody read(Context ctx, int maxBodyBytes) {
    try {
      return FormBody.read(ctx, maxBodyBytes);
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      throw OAuthException.invalidRequest(String.valueOf(e.detail()));
    }
  }
}
