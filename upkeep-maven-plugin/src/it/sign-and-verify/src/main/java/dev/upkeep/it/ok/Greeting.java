package dev.upkeep.it.ok;

final class Greeting {
  static final String TEXT = "plugin ok";

  private Greeting() {}
}
