package dev.upkeep.server.auth;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import io.javalin.http.Context;

/** Refuses requests without the right token, with 401 (none or unknown) or 403 (not allowed). */
public final class Guard {
  private final Access access;
  private final AuditLog audit;

  /** A guard whose admin actions are not audited. */
  public Guard(Access access) {
    this(access, AuditLog.off());
  }

  /** A guard handing out {@link Actor}s that record admin actions in {@code audit}. */
  public Guard(Access access, AuditLog audit) {
    this.access = access;
    this.audit = audit;
  }

  /**
   * Requires a master token.
   *
   * @return who sent it, to record the action in the audit log once it succeeded
   * @throws ApiException 401 without a valid token, 403 for a project token
   */
  public Actor requireMaster(Context ctx) {
    TokenRecord token = token(ctx, "master token");
    if (token.kind() != TokenKind.MASTER) {
      throw ApiException.forbidden("This needs the master token; a project token was sent.");
    }
    return new Actor(audit, "master", token.prefix(), ctx.ip());
  }

  /**
   * Requires a master token or a publish token ({@code upkeep token issue NAME --scope publish}).
   * Blobs are shared by every project that names them, so a publish token of any project uploads
   * them.
   *
   * @return who sent it, for the audit log
   * @throws ApiException 401 without a valid token, 403 for a token that only reads
   */
  public Actor requirePublisher(Context ctx) {
    TokenRecord token = token(ctx, "publish token");
    return switch (token.kind()) {
      case MASTER -> new Actor(audit, "master", token.prefix(), ctx.ip());
      case PUBLISH -> new Actor(audit, "publish", token.prefix(), ctx.ip());
      case PROJECT ->
          throw ApiException.forbidden(
              "This needs a publish token (upkeep token issue "
                  + token.project()
                  + " --scope publish) or the master token; a token that reads was sent.");
    };
  }

  /** Requires a master token or a project token of {@code project}. */
  public void requireRead(Context ctx, String project) {
    TokenRecord token = token(ctx, "token");
    if (token.kind() != TokenKind.MASTER && !project.equals(token.project())) {
      throw ApiException.forbidden(
          "This token reads project \"" + token.project() + "\", not \"" + project + "\".");
    }
  }

  /**
   * The unrevoked token of the request's {@code Authorization} header.
   *
   * @param wanted what to send, for the 401 without a header, e.g. {@code master token}
   * @throws ApiException 401 without a header, or for an unknown or revoked token
   */
  private TokenRecord token(Context ctx, String wanted) {
    String h = ctx.header("Authorization");
    return access
        .resolve(h)
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    h == null
                        ? "A token is required: send Authorization: Bearer <" + wanted + ">."
                        : "The token is unknown or revoked."));
  }
}
