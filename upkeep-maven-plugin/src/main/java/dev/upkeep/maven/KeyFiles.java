package dev.upkeep.maven;

import dev.upkeep.signing.Keys;
import java.io.File;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Reads the PEM key files the goals are configured with, turning the library's errors (which name
 * the file) into {@link MojoExecutionException}s that also name the parameter. Stateless.
 */
final class KeyFiles {
  private KeyFiles() {}

  /** The private key in {@code file}, set by the parameter {@code parameter}. */
  static PrivateKey readPrivate(File file, String parameter) throws MojoExecutionException {
    try {
      return Keys.readPrivate(file.toPath());
    } catch (NoSuchFileException e) {
      throw missing(file, parameter);
    } catch (IOException e) {
      throw new MojoExecutionException(parameter + ": " + e.getMessage(), e);
    }
  }

  /** The public key in {@code file}, set by the parameter {@code parameter}. */
  static PublicKey readPublic(File file, String parameter) throws MojoExecutionException {
    try {
      return Keys.readPublic(file.toPath());
    } catch (NoSuchFileException e) {
      throw missing(file, parameter);
    } catch (IOException e) {
      throw new MojoExecutionException(parameter + ": " + e.getMessage(), e);
    }
  }

  private static MojoExecutionException missing(File file, String parameter) {
    return new MojoExecutionException(
        parameter + ": " + file + " does not exist; set <" + parameter + "> to a PEM key file");
  }
}
