package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.env.EnvSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one-time notice printed on stderr while the user has not decided, in usagestats' words where
 * they fit. It names the commands the app supplies to enable and disable uploading; without them,
 * the app's own variable (if any) and {@code DO_NOT_TRACK}. Once {@link #arm armed} it is printed
 * by the first {@link #showIfDue} and, if the write did not fail, recorded in the app's {@code
 * notice-shown} file, so it is never printed again. The client arms it only when stderr is a
 * person's terminal ({@link #stderrIsTerminal}, or the app said so), so a recorded notice is one
 * the user saw. Thread-safe; never throws.
 */
public final class Notice {
  private final java.util.concurrent.atomic.AtomicBoolean due =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile ConsentMode mode = ConsentMode.ON;
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

  /**
   * Makes the next {@link #showIfDue} print, unless the notice was shown in an earlier run.
   *
   * @param mode the app's default, which the notice describes ({@link ConsentMode#LOCAL} or {@link
   *     ConsentMode#ON})
   */
  public void arm(ConsentMode mode) {
    this.mode = mode;
    due.set(!saved.noticeShown());
  }

  /** Cancels a pending notice (the user decided meanwhile). */
  public void disarm() {
    due.set(false);
  }

  /** Prints the notice if it is due; one caller prints it, once. */
  public void showIfDue() {
    if (due.get() && due.compareAndSet(true, false)) {
      try {
        out.print(text(mode));
        out.flush();
        if (!out.checkError()) {
          saved.markNoticeShown();
        }
      } catch (RuntimeException e) {
        Log.debug("notice: " + e);
      }
    }
  }

  /**
   * The notice's lines, each ending in a newline.
   *
   * @param mode the app's default ({@link ConsentMode#LOCAL} or {@link ConsentMode#ON})
   */
  public String text(ConsentMode mode) {
    String enable =
        enableCommand != null ? enableCommand : appVariable != null ? appVariable + "=on" : null;
    String disable =
        disableCommand != null
            ? disableCommand
            : appVariable != null ? appVariable + "=off" : EnvSettings.DO_NOT_TRACK + "=1";
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
          .append(" (run with " + EnvSettings.INSPECT + "=1 to see them).\n")
          .append("This run sends nothing; what it records is sent by the next run.\n")
          .append("If you do not want to send them, you can run (this also deletes them):\n    ")
          .append(disable)
          .append('\n');
    }
    return s.append("This message is shown once.\n").toString();
  }

  /**
   * Whether this process's stderr is a terminal. On Linux, where {@code /proc/self/fd/2} names it:
   * a {@code /dev/pts/N}, {@code /dev/tty*} or {@code /dev/console}. Elsewhere Java 17 cannot tell
   * stderr apart and {@link System#console()} (stdin and stdout are a terminal) stands in.
   */
  public static boolean stderrIsTerminal() {
    try {
      Path fd = Path.of("/proc/self/fd/2");
      if (Files.isSymbolicLink(fd)) {
        String t = Files.readSymbolicLink(fd).toString();
        return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
      }
    } catch (java.io.IOException | RuntimeException e) {
      Log.debug("stderr: " + e);
    }
    return System.console() != null;
  }
}
