package dev.upkeep.client.internal;

import dev.upkeep.client.ConsentMode;

/**
 * The one-time notice printed on stderr while the user has not decided, in usagestats' words where
 * they fit. It names the commands the app supplies to enable and disable uploading; without them,
 * the app's own variable (if any) and {@code DO_NOT_TRACK}. Once {@link #arm armed} it is printed
 * by the first {@link #showIfDue} and recorded in the app's {@code notice-shown} file, so it is
 * never printed again. Thread-safe; never throws.
 */
public final class Notice {
  private final java.util.concurrent.atomic.AtomicBoolean due =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.io.PrintStream out;
  private final SavedConsent saved;
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
   * @param out where it is printed, e.g. {@code System.err}
   * @param saved where printing it is recorded
   */
  public Notice(
      String app,
      String host,
      String enableCommand,
      String disableCommand,
      String appVariable,
      java.io.PrintStream out,
      SavedConsent saved) {
    this.out = out;
    this.saved = saved;
    this.app = app;
    this.host = host;
    this.enableCommand = enableCommand;
    this.disableCommand = disableCommand;
    this.appVariable = appVariable;
  }

  /** Makes the next {@link #showIfDue} print, unless the notice was printed in an earlier run. */
  public void arm() {
    due.set(!saved.noticeShown());
  }

  /** Cancels a pending notice (the user decided meanwhile). */
  public void disarm() {
    due.set(false);
  }

  /** Prints the notice for {@code mode} if it is due; one caller prints it, once. */
  public void showIfDue(ConsentMode mode) {
    if (due.get() && due.compareAndSet(true, false)) {
      try {
        out.print(text(mode));
        out.flush();
        saved.markNoticeShown();
      } catch (RuntimeException e) {
        Log.debug(() -> "notice: " + e);
      }
    }
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
