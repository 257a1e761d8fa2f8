package dev.upkeep.server.auth;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

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
   * Who publishes: the actor for the audit log and the project of their publish token.
   *
   * @param actor records what they did
   * @param project the {@code owner/name} their publish token publishes, or null for the master
   *     token (which publishes every project)
   */
  public record Publisher(Actor actor, String project) {
    /** Whether this is the master token. */
    public boolean master() {
      return project == null;
    }

    /**
     * This publisher, if it publishes {@code name}.
     *
     * @throws ApiException 403 for a publish token of another project
     */
    public Publisher of(String name) {
      if (!master() && !project.equals(name)) {
        throw ApiException.forbidden(
            "This token publishes project \""
                + project
                + "\", not \""
                + name
                + "\": use a publish token of "
                + name
                + " (upkeep token issue "
                + name
                + " --scope publish).");
      }
      return this;
    }
  }

  /**
   * Requires a master token or a publish token ({@code upkeep token issue NAME --scope publish}) of
   * any project: blobs are shared by every project that names them.
   *
   * @throws ApiException 401 without a valid token, 403 for a token that only reads
   */
  public Publisher requirePublisher(Context ctx) {
    TokenRecord token = token(ctx, "publish token");
    return switch (token.kind()) {
      case MASTER -> new Publisher(new Actor(audit, "master", token.prefix(), ctx.ip()), null);
      case PUBLISH ->
          new Publisher(new Actor(audit, "publish", token.prefix(), ctx.ip()), token.project());
      case PROJECT ->
          throw ApiException.forbidden(
              "This needs a publish token (upkeep token issue "
                  + token.project()
                  + " --scope publish) or the master token; a token that reads was sent.");
    };
  }

  /**
   * Whether the request may read {@code project}'s releases: anyone when it is public; else the
   * master token or a token (read or publish) of the project. Never throws: a missing, unknown or
   * revoked token just does not read a private project.
   */
  public boolean mayRead(Context ctx, Project project) {
    return mayReadAny(ctx, List.of(project));
  }

  /**
   * Whether the request may read one of {@code projects}: one of them is public, or its token is
   * the master token or a token of one of them. Never throws.
   */
  public boolean mayReadAny(Context ctx, List<Project> projects) {
    if (projects.stream().anyMatch(Project::isPublic)) {
      return true;
    }
    return access
        .resolve(ctx.header("Authorization"))
        .filter(
            t ->
                t.kind() == TokenKind.MASTER // also where no project holds it yet
                    || projects.stream().anyMatch(p -> Access.tokenReads(t, p.name())))
        .isPresent();
  }

  /**
   * Requires that the request may read the usage of project {@code name}: anyone reads the counts
   * of a project whose counts are public; its other questions, and anything of a private project,
   * need the master token or a token of the project. A caller without a token is told the same 401
   * for a private project as for an unknown one; a token that is unknown or revoked is refused with
   * 401 even where none is needed, so that its holder learns it.
   *
   * @param project the registered project of that name, if any
   * @param countsOnly whether only counts are asked (hits or users, in total or per day)
   * @throws ApiException 401 without a valid token, 403 for a token of another project
   */
  public void requireUsage(
      Context ctx, String name, Optional<Project> project, boolean countsOnly) {
    if (countsOnly && project.map(Project::isPublic).orElse(false)) {
      if (ctx.header("Authorization") != null) {
        token(ctx, "token");
      }
      return;
    }
    requireRead(ctx, name);
  }

  /** Requires a master token or a project token of {@code project}. */
  public void requireRead(Context ctx, String project) {
    TokenRecord token = token(ctx, "token");
    if (!Access.tokenReads(token, project)) {
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
