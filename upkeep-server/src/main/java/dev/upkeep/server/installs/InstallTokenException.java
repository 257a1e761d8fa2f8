package dev.upkeep.server.installs;

/**
 * An install access token was refused. Answered 401 with the body otumat 0.3 reads, exactly:
 *
 * <pre>{@code
 * {"error_msg": "Authorization Failed", "error_desc": "TokenExpiredError: access token expired"}
 * {"error_msg": "Authorization Failed", "error_desc": "InvalidTokenError: <why>"}
 * }</pre>
 *
 * otumat refreshes its token and retries only when {@code error_desc} contains {@code
 * TokenExpiredError}.
 */
public final class InstallTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean expired;

  private InstallTokenException(boolean expired, String errorDesc) {
    super(errorDesc, null, false, false);
    this.expired = expired;
  }

  /** The token was valid but its lifetime is over. */
  public static InstallTokenException expired() {
    return new InstallTokenException(true, "TokenExpiredError: access token expired");
  }

  /** No token, an unknown or revoked one, or one that does not fit the request. */
  public static InstallTokenException invalid(String why) {
    return new InstallTokenException(false, "InvalidTokenError: " + why);
  }

  /** Whether the token merely expired (the client should refresh it). */
  public boolean expiredToken() {
    return expired;
  }

  /** The {@code error_desc} value. */
  public String errorDesc() {
    return getMessage();
  }
}
