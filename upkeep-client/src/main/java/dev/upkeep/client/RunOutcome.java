package dev.upkeep.client;

import java.util.Objects;

/**
 * How a tracked run ended: the final breadcrumb's status fields, as migas defines them ({@code C}
 * completed, {@code F} failed, {@code S} suspended or terminated). Immutable.
 */
public final class RunOutcome {
  private final String status;
  private final String statusDesc;
  private final String errorType;
  private final String errorDesc;

  private RunOutcome(String status, String statusDesc, String errorType, String errorDesc) {
    this.status = status;
    this.statusDesc = statusDesc;
    this.errorType = errorType;
    this.errorDesc = errorDesc;
  }

  /** {@code C}, "Completed". */
  public static RunOutcome completed() {
    return new RunOutcome("C", "Completed", null, null);
  }

  /**
   * {@code F}, "Errored", with the exception's class name as error type and its message as error
   * description, as migas-py reports an exception.
   */
  public static RunOutcome failed(Throwable error) {
    return new RunOutcome("F", "Errored", error.getClass().getName(), error.getMessage());
  }

  /** {@code S} with a description such as "Terminated (SIGTERM)". */
  public static RunOutcome suspended(String statusDesc) {
    return new RunOutcome("S", statusDesc, null, null);
  }

  /**
   * Any outcome, for {@link ErrorHandler}s.
   *
   * @param status {@code C}, {@code F} or {@code S}
   * @throws IllegalArgumentException for another status
   */
  public static RunOutcome of(
      String status, String statusDesc, String errorType, String errorDesc) {
    if (!"C".equals(status) && !"F".equals(status) && !"S".equals(status)) {
      throw new IllegalArgumentException("status must be C, F or S, was " + status);
    }
    return new RunOutcome(status, statusDesc, errorType, errorDesc);
  }

  public String status() {
    return status;
  }

  /** Free text, or null. */
  public String statusDesc() {
    return statusDesc;
  }

  /** Exception class name, or null. */
  public String errorType() {
    return errorType;
  }

  /** Exception message, or null. */
  public String errorDesc() {
    return errorDesc;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RunOutcome)) {
      return false;
    }
    RunOutcome r = (RunOutcome) o;
    return status.equals(r.status)
        && Objects.equals(statusDesc, r.statusDesc)
        && Objects.equals(errorType, r.errorType)
        && Objects.equals(errorDesc, r.errorDesc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, statusDesc, errorType, errorDesc);
  }

  @Override
  public String toString() {
    return status
        + (statusDesc == null ? "" : " " + statusDesc)
        + (errorType == null ? "" : " " + errorType + ": " + errorDesc);
  }
}
