package dev.upkeep.server.auth;

import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import io.javalin.http.Context;

/** Refuses requests without the right token, with 401 (none or unknown) or 403 (not allowed). */
public final class Guard {
  private final Access access;

  public Guard(Access access) {
    this.access = access;
  }

  /** Requires a master token. */
  public void requireMaster(Context ctx) {
    String h = ctx.header("Authorization");
    var token =
        access
            .resolve(h)
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        h == null
                            ? "A token is required: send Authorization: Bearer <master token>."
                            : "The token is unknown or revoked."));
    if (token.kind() != TokenKind.MASTER) {
      throw ApiException.forbidden("This needs the master token; a project token was sent.");
    }
  }

  /** Requires a master token or a project token of {@code project}. */
  public void requireRead(Context ctx, String project) {
    String h = ctx.header("Authorization");
    var token =
        access
            .resolve(h)
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        h == null
                            ? "A token is required: send Authorization: Bearer <token>."
                            : "The token is unknown or revoked."));
    if (token.kind() != TokenKind.MASTER && !project.equals(token.project())) {
      throw ApiException.forbidden(
          "This token reads project \"" + token.project() + "\", not \"" + project + "\".");
    }
  }
}
