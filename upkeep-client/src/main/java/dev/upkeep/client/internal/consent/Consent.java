package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.internal.env.EnvSettings;
import java.util.Map;

/**
 * The consent mode in force and the setting that decided it. Precedence, first match wins (the
 * variables are read by {@link EnvSettings}, which lists every setting's precedence):
 *
 * <ol>
 *   <li>{@code DO_NOT_TRACK}, then {@code UPKEEP_OPTOUT}, then (migas protocol only) {@code
 *       MIGAS_OPTOUT}: set to anything but empty, {@code 0} or {@code false} means {@link
 *       ConsentMode#OFF};
 *   <li>the app's own variable (named by the app), read by {@link ConsentMode#parse}; a value it
 *       does not know means {@code OFF}; then the app's runtime switch when it is off;
 *   <li>the decision the user saved with {@code enable()} / {@code disable()};
 *   <li>the app's default ({@link ConsentMode#ON} unless the app says otherwise).
 * </ol>
 *
 * Only the last counts as undecided (the one-time notice is shown then). {@link #untilNoticed} then
 * applies Homebrew's rule for one run. Immutable.
 */
public final class Consent {
  private final ConsentMode mode;
  private final String source;
  private final boolean undecided;

  private Consent(ConsentMode mode, String source, boolean undecided) {
    this.mode = mode;
    this.source = source;
    this.undecided = undecided;
  }

  /**
   * Decides.
   *
   * @param env the environment variables
   * @param migas whether the client speaks migas (then {@code MIGAS_OPTOUT} counts too)
   * @param appVariable the name of the app's own variable, or null
   * @param appEnabled the app's runtime switch; false means off at the app's rank
   * @param saved the saved decision, or null when none was saved
   * @param savedWhere where the saved decision lives, for {@link #source()}
   * @param appDefault the mode when nothing else decides
   */
  public static Consent decide(
      Map<String, String> env,
      boolean migas,
      String appVariable,
      boolean appEnabled,
      ConsentMode saved,
      String savedWhere,
      ConsentMode appDefault) {
    String optOut = EnvSettings.optOut(env, migas);
    if (optOut != null) {
      return new Consent(ConsentMode.OFF, optOut, false);
    }
    String v = EnvSettings.appVariable(env, appVariable);
    if (v != null) {
      ConsentMode m = ConsentMode.parse(v);
      return m != null
          ? new Consent(m, appVariable + "=" + v, false)
          : new Consent(
              ConsentMode.OFF, appVariable + "=" + v + " (not on, local or off: off)", false);
    }
    if (!appEnabled) {
      return new Consent(ConsentMode.OFF, "disabled by the application", false);
    }
    if (saved != null) {
      return new Consent(saved, "saved decision in " + savedWhere, false);
    }
    return new Consent(appDefault, "the application's default (undecided)", true);
  }

  /**
   * Homebrew's rule, "notice before the first byte", for this run: while the user has not decided
   * and the default is {@link ConsentMode#ON}, a run that has not seen the one-time notice in an
   * earlier run holds its events ({@link ConsentMode#LOCAL}, kept in the spool, still undecided):
   * the run that shows the notice, and with {@code noticeBeforeSending} every run that cannot show
   * it. What they keep leaves with the first later run that records an event, unless the user
   * turned telemetry off in between. Any other consent is returned as it is.
   *
   * @param noticeShown whether an earlier run showed the notice on a terminal
   * @param canShow whether this run can show it (stderr is a person's terminal)
   * @param noticeBeforeSending the app's choice for runs that cannot show it: hold (true) or send
   */
  public Consent untilNoticed(boolean noticeShown, boolean canShow, boolean noticeBeforeSending) {
    if (!undecided || mode != ConsentMode.ON || noticeShown || !(canShow || noticeBeforeSending)) {
      return this;
    }
    return new Consent(
        ConsentMode.LOCAL,
        canShow
            ? "the application's default (undecided), held: this run shows the notice, the next"
                + " one sends"
            : "the application's default (undecided), held until a run has shown the notice on a"
                + " terminal",
        true);
  }

  /** Off, for a reason found outside the consent settings (no endpoint, unwritable directory). */
  public static Consent off(String source) {
    return new Consent(ConsentMode.OFF, source, false);
  }

  public ConsentMode mode() {
    return mode;
  }

  /** The setting that decided, e.g. {@code DO_NOT_TRACK=1}. */
  public String source() {
    return source;
  }

  /** Whether nothing but the app's default decided (the user has not chosen). */
  public boolean undecided() {
    return undecided;
  }

  @Override
  public String toString() {
    return mode.name().toLowerCase(java.util.Locale.ROOT) + " (" + source + ")";
  }
}
