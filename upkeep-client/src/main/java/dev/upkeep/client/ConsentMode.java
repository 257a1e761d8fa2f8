package dev.upkeep.client;

/**
 * What a client may do with what it records. {@link UpkeepClient#status()} shows the mode in force
 * and the setting that decided it.
 */
public enum ConsentMode {
  /** Nothing is recorded, kept or sent; no file is written. */
  OFF,
  /**
   * Events and reports are kept on this computer (in the spool, capped) and nothing is sent, until
   * the user turns uploading on with {@link UpkeepClient#enable()}; {@link UpkeepClient#disable()}
   * deletes them. Also the mode of a run of an app whose default is {@link #ON} that holds its
   * events for the one-time notice ({@link UpkeepClient.Builder#noticeBeforeSending}); a later run
   * sends them.
   */
  LOCAL,
  /** Events and reports are sent to the endpoint. */
  ON;

  /**
   * The mode a setting's value names, case-insensitively: {@code on}, {@code 1}, {@code true},
   * {@code yes}, {@code enable}, {@code enabled} are {@link #ON}; {@code local} is {@link #LOCAL};
   * {@code off}, {@code 0}, {@code false}, {@code no}, {@code disable}, {@code disabled} are {@link
   * #OFF}.
   *
   * @return the mode, or null for an empty or unknown value
   */
  public static ConsentMode parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "on":
      case "1":
      case "true":
      case "yes":
      case "enable":
      case "enabled":
        return ON;
      case "local":
        return LOCAL;
      case "off":
      case "0":
      case "false":
      case "no":
      case "disable":
      case "disabled":
        return OFF;
      default:
        return null;
    }
  }
}
