package dev.upkeep.client.internal;

import java.util.Map;

/**
 * Whether telemetry is on, and which setting decided it. Precedence, first match wins: {@code
 * DO_NOT_TRACK}, {@code UPKEEP_OPTOUT}, {@code MIGAS_OPTOUT} (migas protocol only), the app's
 * builder setting, then on. An opt-out variable counts when it is set to anything but empty, {@code
 * 0} or {@code false}. Immutable.
 */
public final class Consent {
  private final boolean enabled;
  private final String source;

  private Consent(boolean enabled, String source) {
    this.enabled = enabled;
    this.source = source;
  }

  /**
   * @param appEnabled what the app's builder says
   * @param migas whether the client speaks migas (then {@code MIGAS_OPTOUT} counts too)
   */
  public static Consent decide(Map<String, String> env, boolean appEnabled, boolean migas) {
    for (String name : new String[] {"DO_NOT_TRACK", "UPKEEP_OPTOUT", "MIGAS_OPTOUT"}) {
      if (name.equals("MIGAS_OPTOUT") && !migas) {
        continue;
      }
      String v = env.get(name);
      if (optsOut(v)) {
        return new Consent(false, name + "=" + v);
      }
    }
    if (!appEnabled) {
      return new Consent(false, "disabled by the application");
    }
    return new Consent(true, "default (no opt-out variable set)");
  }

  /** Off, for a reason found outside the environment. */
  public static Consent off(String source) {
    return new Consent(false, source);
  }

  static boolean optsOut(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  public boolean enabled() {
    return enabled;
  }

  /** The setting that decided, e.g. {@code DO_NOT_TRACK=1}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return (enabled ? "on" : "off") + " (" + source + ")";
  }
}
