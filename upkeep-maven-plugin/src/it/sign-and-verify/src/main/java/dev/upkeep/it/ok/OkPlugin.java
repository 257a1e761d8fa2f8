package dev.upkeep.it.ok;

import java.util.function.Supplier;

/** The plugin a base application loads through VerifiedPlugins. */
public final class OkPlugin implements Supplier<String> {
  @Override
  public String get() {
    return Greeting.TEXT;
  }
}
