package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.internal.env.EnvSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * One client's consent settings, and the decision they make now: {@link Consent#decide}'s
 * precedence over the environment, the app's settings and the saved decision, then off when there
 * is no endpoint or the app's config directory cannot be written. Reads the saved decision afresh
 * at every {@link #decide()}, so {@code enable()} and {@code disable()} take effect at once.
 * Immutable; thread-safe (file I/O in {@link #decide()}).
 */
public final class ConsentRules {
  private final Map<String, String> env;
  private final boolean migas;
  private final String appVariable;
  private final boolean appEnabled;
  private final ConsentMode appDefault;
  private final SavedConsent saved;
  private final URI endpoint;
  private final String endpointSource;

  /**
   * @param env the environment variables
   * @param migas whether the client speaks migas ({@code MIGAS_OPTOUT} counts)
   * @param appVariable the app's own consent variable, or null
   * @param appEnabled the app's runtime switch
   * @param appDefault the mode while the user is undecided
   * @param saved the app's consent files
   * @param endpoint the server, or null when none is configured
   * @param endpointSource why there is no endpoint, when there is none
   */
  public ConsentRules(
      Map<String, String> env,
      boolean migas,
      String appVariable,
      boolean appEnabled,
      ConsentMode appDefault,
      SavedConsent saved,
      URI endpoint,
      String endpointSource) {
    this.env = env;
    this.migas = migas;
    this.appVariable = appVariable;
    this.appEnabled = appEnabled;
    this.appDefault = appDefault;
    this.saved = saved;
    this.endpoint = endpoint;
    this.endpointSource = endpointSource;
  }

  /** The consent in force now. */
  public Consent decide() {
    Consent c =
        Consent.decide(
            env,
            migas,
            appVariable,
            appEnabled,
            saved.load(),
            saved.dir() == null ? null : saved.dir().resolve("consent").toString(),
            appDefault);
    if (c.mode() == ConsentMode.OFF) {
      return c;
    }
    if (endpoint == null) {
      return Consent.off(endpointSource);
    }
    if (!saved.writable()) {
      return Consent.off(
          saved.dir() == null
              ? "no config directory (set " + EnvSettings.CONFIG_DIR + ")"
              : "config directory " + saved.dir() + " is not writable");
    }
    return c;
  }

  /**
   * The precedence as {@code status()} shows it, with the saved decision and the default, e.g.
   * {@code DO_NOT_TRACK > UPKEEP_OPTOUT > MYTOOL_TELEMETRY > saved decision (on) > application
   * default (local)}.
   */
  public String precedence() {
    StringBuilder p = new StringBuilder(EnvSettings.DO_NOT_TRACK + " > " + EnvSettings.OPT_OUT);
    if (migas) {
      p.append(" > ").append(EnvSettings.MIGAS_OPT_OUT);
    }
    if (appVariable != null) {
      p.append(" > ").append(appVariable);
    }
    if (!appEnabled) {
      p.append(" > application switch (off)");
    }
    ConsentMode s = saved.load();
    return p.append(" > saved decision (")
        .append(s == null ? "none" : s.name().toLowerCase(Locale.ROOT))
        .append(") > application default (")
        .append(appDefault.name().toLowerCase(Locale.ROOT))
        .append(')')
        .toString();
  }

  /** The environment variables read. */
  public Map<String, String> env() {
    return env;
  }
}
