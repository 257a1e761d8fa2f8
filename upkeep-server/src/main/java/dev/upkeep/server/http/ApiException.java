package dev.upkeep.server.http;

/**
 * An HTTP error answered as {@code {"detail": ...}}, the body shape migas-server (FastAPI) uses.
 * {@code detail} is a message string, or a list of problem objects for 422.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Object detail;
  private final String reason;
  private final long retryAfterSeconds;

  private ApiException(int status, Object detail, String reason, long retryAfterSeconds) {
    super(String.valueOf(detail), null, false, false);
    this.status = status;
    this.detail = detail;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400 with a message. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message, "bad_request", 0);
  }

  /**
   * Any status with a message and the metric tag {@code reason}, for the statuses without a factory
   * of their own (e.g. 431).
   */
  public static ApiException of(int status, String reason, String message) {
    return new ApiException(status, message, reason, 0);
  }

  /** 401: no usable token. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, message, "unauthorized", 0);
  }

  /** 403: a valid token without the right. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, message, "forbidden", 0);
  }

  /** 404 with a message. */
  public static ApiException notFound(String message) {
    return new ApiException(404, message, "not_found", 0);
  }

  /** 409: the thing to create exists already. */
  public static ApiException conflict(String message) {
    return new ApiException(409, message, "conflict", 0);
  }

  /** 413: body over the limit. */
  public static ApiException tooLarge(long limit) {
    return new ApiException(
        413, "Request body is larger than the limit of " + limit + " bytes.", "body_too_large", 0);
  }

  /** 422 with FastAPI-style problem objects ({@code type}, {@code loc}, {@code msg}). */
  public static ApiException unprocessable(Object problems) {
    return new ApiException(422, problems, "unprocessable", 0);
  }

  /** 429 with {@code Retry-After}. */
  public static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(
        429,
        "Too many requests from this address; retry in " + retryAfterSeconds + " s.",
        "rate_limited",
        retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  /** The {@code detail} value: a String or a List of problem maps. */
  public Object detail() {
    return detail;
  }

  /** Metric tag naming the kind of rejection, e.g. {@code rate_limited}. */
  public String reason() {
    return reason;
  }

  /** Seconds for {@code Retry-After}, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
