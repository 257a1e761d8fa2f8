package dev.upkeep.it.wrong;

import java.util.function.Supplier;

/** A plugin signed by a key the verifying build does not trust. */
public final class WrongPlugin implements Supplier<String> {
  @Override
  public String get() {
    return "untrusted";
  }
}
