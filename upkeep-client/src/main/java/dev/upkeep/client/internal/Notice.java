package dev.upkeep.client.internal;

import dev.upkeep.client.ConsentMode;

/**
 * The one-time notice printed on stderr while the user has not decided, in usagestats' words where
 * they fit. It names the commands the app supplies to enable and disable uploading; without them,
 * the app's own variable (if any) and {@code DO_NOT_TRACK}. Immutable.
 */
public final class Notice {
  private final String app;
  private final String host;
  private final String enableCommand;
  private final String disableCommand;
  private final String appVariable;

  /**
   * @param app the app's name as users know it
   * @param host where events would be sent
   * @param enableCommand the command that turns uploading on, or null
   * @param disableCommand the command that turns it off, or null
   * @param appVariable the app's own consent variable, or null
   */
  public Notice(
      String app, String host, String enableCommand, String disableCommand, String appVariable) {
    this.app = app;
    this.host = host;
    this.enableCommand = enableCommand;
    this.disableCommand = disableCommand;
    this.appVariable = appVariable;
  }

  /**
   * The notice's lines, each ending in a newline.
   *
   * @param mode the mode in force ({@link ConsentMode#LOCAL} or {@link ConsentMode#ON})
   */
  public String text(ConsentMode mode) {
    String enable =
        enableCommand != null ? enableCommand : appVariable != null ? appVariable + "=on" : null;
    String disable =
        disableCommand != null
            ? disableCommand
            : appVariable != null ? appVariable + "=off" : "DO_NOT_TRACK=1";
    StringBuilder s = new StringBuilder();
    if (mode == ConsentMode.LOCAL) {
      s.append("Uploading usage statistics of ").append(app).append(" is currently disabled.\n");
      if (enable != null) {
        s.append("Please help us by providing anonymous usage statistics; you can enable this\n")
            .append("by running:\n    ")
            .append(enable)
            .append('\n');
      }
      s.append("If you do not want them kept on this computer either, you can run:\n    ")
          .append(disable)
          .append('\n')
          .append("Nothing will be uploaded before you opt in.\n");
    } else {
      s.append(app)
          .append(" sends anonymous usage statistics to ")
          .append(host)
          .append(" (run with UPKEEP_INSPECT=1 to see them).\n")
          .append("If you do not want to send them, you can run:\n    ")
          .append(disable)
          .append('\n');
    }
    return s.append("This message is shown once.\n").toString();
  }
}
