package dev.upkeep.server.audit;

/**
 * Who made an admin request, as {@link AuditLog} records it: the credential's kind and listed
 * prefix (never the token) and the client address. Routes get one from {@code Guard.requireMaster}
 * and call {@link #did} once the action succeeded.
 *
 * <pre>{@code
 * Actor actor = guard.requireMaster(ctx);
 * registry.register(name);
 * actor.did("project.create", name);
 * }</pre>
 *
 * <p>Immutable; thread-safe as its log.
 */
public final class Actor {
  private final AuditLog log;
  private final String who;
  private final String token;
  private final String from;

  /**
   * @param who the credential's kind, e.g. {@code master}
   * @param token the credential's listed prefix
   * @param from the client's address
   */
  public Actor(AuditLog log, String who, String token, String from) {
    this.log = log;
    this.who = who;
    this.token = token;
    this.from = from;
  }

  /** Records a successful action on a target. */
  public void did(String action, String target) {
    log.record(who, token, action, target, from);
  }
}
