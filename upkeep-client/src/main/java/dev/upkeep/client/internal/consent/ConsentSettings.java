package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.SecretStore;
import dev.upkeep.client.UserIdPolicy;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One client's consent settings as its builder holds them: the app's variable, switch and default,
 * the one-time notice, what the consent governs at start and at {@code disable()}, and enrollment
 * (consent given in the browser, kept as an install's tokens). Immutable.
 */
public final class ConsentSettings {
  /** The app's name, or null. */
  public final String appName;

  /** The app's own consent variable, or null. */
  public final String appVariable;

  /** The app's runtime switch; false means off at the rank of its variable. */
  public final boolean appEnabled;

  /** The mode while the user has not decided. */
  public final ConsentMode appDefault;

  /** Whether runs that cannot show the notice hold their events until one has shown it. */
  public final boolean noticeBeforeSending;

  /** The command the notice names to turn uploading on, or null. */
  public final String enableCommand;

  /** The command the notice names to turn uploading off, or null. */
  public final String disableCommand;

  /** Whether stderr is a person's terminal, or null to detect it. */
  public final Boolean interactive;

  /** Whether a previous run's spool is delivered at start. */
  public final boolean deliverSpoolAtStart;

  /** Whether {@code disable()} asks the server to forget the user. */
  public final boolean forgetOnDisable;

  /** How the user id is made. */
  public final UserIdPolicy userIdPolicy;

  /** Where the notice is printed. */
  public final PrintStream stderr;

  /** Where an enrolled install's tokens are kept, or null for the first usable store found. */
  public final SecretStore secretStore;

  /** Shows the consent page, or null for the desktop's browser. */
  public final Consumer<URI> browser;

  /** Longest wait for the user's answer on the consent page. */
  public final Duration enrollmentTimeout;

  /** The settings, each as the builder's setter of the same name documents it. */
  public ConsentSettings(
      String appName,
      String appVariable,
      boolean appEnabled,
      ConsentMode appDefault,
      boolean noticeBeforeSending,
      String enableCommand,
      String disableCommand,
      Boolean interactive,
      boolean deliverSpoolAtStart,
      boolean forgetOnDisable,
      UserIdPolicy userIdPolicy,
      PrintStream stderr,
      SecretStore secretStore,
      Consumer<URI> browser,
      Duration enrollmentTimeout) {
    this.appName = appName;
    this.appVariable = appVariable;
    this.appEnabled = appEnabled;
    this.appDefault = appDefault;
    this.noticeBeforeSending = noticeBeforeSending;
    this.enableCommand = enableCommand;
    this.disableCommand = disableCommand;
    this.interactive = interactive;
    this.deliverSpoolAtStart = deliverSpoolAtStart;
    this.forgetOnDisable = forgetOnDisable;
    this.userIdPolicy = userIdPolicy;
    this.stderr = stderr;
    this.secretStore = secretStore;
    this.browser = browser;
    this.enrollmentTimeout = enrollmentTimeout;
  }
}
