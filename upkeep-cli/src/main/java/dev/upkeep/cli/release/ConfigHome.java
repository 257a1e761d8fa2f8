package dev.upkeep.cli.release;

import java.nio.file.Path;
import java.util.Map;

/** The user's configuration directory: {@code $XDG_CONFIG_HOME}, else {@code ~/.config}. */
final class ConfigHome {
  private ConfigHome() {}

  static Path of(Map<String, String> environment) {
    String xdg = environment.get("XDG_CONFIG_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
  }
}
