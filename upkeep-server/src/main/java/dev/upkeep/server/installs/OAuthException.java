package dev.upkeep.server.installs;

/**
 * An OAuth 2.0 error response (RFC 6749 section 5.2), answered as {@code {"error",
 * "error_description"}} with status 400, or 401 for {@code invalid_client} (with {@code
 * WWW-Authenticate: Basic}).
 */
public final class OAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  private OAuthException(int status, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
  }

  /** 400 {@code invalid_request}: a parameter is missing, repeated or malformed. */
  public static OAuthException invalidRequest(String description) {
    return new OAuthException(400, "invalid_request", description);
  }

  /** 401 {@code invalid_client}: client authentication failed. */
  public static OAuthException invalidClient(String description) {
    return new OAuthException(401, "invalid_client", description);
  }

  /** 400 {@code invalid_grant}: the code or refresh token is unknown, used, expired or not ours. */
  public static OAuthException invalidGrant(String description) {
    return new OAuthException(400, "invalid_grant", description);
  }

  /** 400 {@code unsupported_grant_type}. */
  public static OAuthException unsupportedGrantType(String description) {
    return new OAuthException(400, "unsupported_grant_type", description);
  }

  public int status() {
    return status;
  }

  /** The RFC 6749 error code, e.g. {@code invalid_grant}. */
  public String error() {
    return error;
  }

  /** Human-readable {@code error_description}. */
  public String description() {
    return getMessage();
  }
}
