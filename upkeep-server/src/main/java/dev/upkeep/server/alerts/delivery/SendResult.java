package dev.upkeep.server.alerts.delivery;

import java.time.Duration;

/**
 * What one send to a destination came to.
 *
 * @param verdict delivered, worth another attempt, or not
 * @param status the HTTP status or SMTP reply code, or 0
 * @param error what went wrong (may still hold a secret: {@link Delivery} scrubs it), or null
 * @param retryAfter the wait the destination asked for ({@code Retry-After}), or null
 */
record SendResult(Verdict verdict, int status, String error, Duration retryAfter) {
  enum Verdict {
    OK,
    RETRY,
    FAIL
  }

  static SendResult ok(int status) {
    return new SendResult(Verdict.OK, status, null, null);
  }

  static SendResult retry(int status, String error, Duration retryAfter) {
    return new SendResult(Verdict.RETRY, status, error, retryAfter);
  }

  static SendResult fail(int status, String error) {
    return new SendResult(Verdict.FAIL, status, error, null);
  }
}
