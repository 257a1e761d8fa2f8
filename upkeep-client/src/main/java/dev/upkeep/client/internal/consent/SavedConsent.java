package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One app's consent files in the user's config directory, {@code <config>/apps/<app>/}: {@code
 * consent} holds the saved decision ({@code on}, {@code local} or {@code off}, one line) and {@code
 * notice-shown} marks that the one-time notice was printed, {@code enrolled} names the project this
 * install is enrolled for (its tokens are in the secret store). Files are written by {@link
 * PrivateFiles} (0600, replaced atomically). Never throws: an unreadable file counts as no
 * decision, an unwritable directory makes {@link #writable()} false. Thread-safe.
 */
public final class SavedConsent {
  private static final String CONSENT = "consent";
  private static final String NOTICE = "notice-shown";
  private static final String ENROLLED = "enrolled";

  private final Path dir;

  /**
   * @param configDir the user's Upkeep config directory, or null when there is none
   * @param app the app's name (characters outside {@code [A-Za-z0-9._-]} become {@code _}), or null
   *     for {@code default}
   */
  public SavedConsent(Path configDir, String app) {
    this.dir = configDir == null ? null : configDir.resolve("apps").resolve(key(app));
  }

  /** The app's file-name key. */
  public static String key(String app) {
    if (app == null || app.trim().isEmpty()) {
      return "default";
    }
    return app.trim().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The app's directory, or null without a config directory. */
  public Path dir() {
    return dir;
  }

  /** The saved decision, or null when none was saved (or it cannot be read). */
  public ConsentMode load() {
    if (dir == null) {
      return null;
    }
    try {
      Path f = dir.resolve(CONSENT);
      return Files.isRegularFile(f)
          ? ConsentMode.parse(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))
          : null;
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot read the saved consent in " + dir + ": " + e);
      return null;
    }
  }

  /** Saves a decision; false if it could not be written. */
  public boolean save(ConsentMode mode) {
    return write(CONSENT, mode.name().toLowerCase(Locale.ROOT) + "\n");
  }

  /** Whether the directory exists or can be made, and files can be written in it. */
  public boolean writable() {
    if (dir == null) {
      return false;
    }
    try {
      Files.createDirectories(dir);
      return Files.isWritable(dir);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The project this app's install is enrolled for ({@code enrolled} file), or null. */
  public String enrolledProject() {
    if (dir == null) {
      return null;
    }
    try {
      Path f = dir.resolve(ENROLLED);
      String p =
          Files.isRegularFile(f)
              ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8).trim()
              : "";
      return p.isEmpty() ? null : p;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Records the enrolled project (null: none); false if that could not be recorded. */
  public boolean saveEnrolled(String project) {
    if (project != null) {
      return write(ENROLLED, project + "\n");
    }
    try {
      if (dir != null) {
        Files.deleteIfExists(dir.resolve(ENROLLED));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the one-time notice was printed already. */
  public boolean noticeShown() {
    return dir != null && Files.exists(dir.resolve(NOTICE));
  }

  /** Records that the notice was printed; false if that could not be recorded. */
  public boolean markNoticeShown() {
    return write(NOTICE, "");
  }

  private boolean write(String name, String content) {
    if (dir == null) {
      return false;
    }
    try {
      PrivateFiles.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot write " + name + " in " + dir + ": " + e);
      return false;
    }
  }
}
