package dev.upkeep.signing.plugin;

import java.nio.file.Path;

/** A plugin jar was refused: unsigned, changed since signing, or signed by an untrusted key. */
public final class UntrustedPluginException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path jar;

  UntrustedPluginException(Path jar, String reason) {
    super(jar + ": " + reason);
    this.jar = jar;
  }

  /** The refused jar. */
  public Path jar() {
    return jar;
  }
}
