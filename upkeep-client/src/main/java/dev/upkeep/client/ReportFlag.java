package dev.upkeep.client;

/**
 * Facts {@link Report#submit} can add after the notes, as usagestats' flags do, each as pairs in
 * this order.
 */
public enum ReportFlag {
  /** {@code system} = {@code <os.name>;<os.version>} and {@code architecture} = {@code os.arch}. */
  OS,
  /** {@code java} = {@code <java.version>;<java.vendor>}. */
  JAVA,
  /**
   * {@code session_time} = seconds since the client was built, with millisecond precision, e.g.
   * {@code 12.345}.
   */
  SESSION_TIME
}
