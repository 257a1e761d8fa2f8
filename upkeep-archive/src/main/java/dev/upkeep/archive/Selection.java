package dev.upkeep.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link FileSelection} chose to publish from a directory. Immutable.
 *
 * @param root the directory
 * @param files the files, by release path ({@code /}-separated, relative to {@code root}), ordered
 * @param directories every directory kept, empty ones included, ordered
 * @param warnings files that look secret and are published anyway, one message each
 */
public record Selection(
    Path root, List<Entry> files, List<String> directories, List<String> warnings) {
  public Selection {
    Objects.requireNonNull(root, "root");
    files = List.copyOf(files);
    directories = List.copyOf(directories);
    warnings = List.copyOf(warnings);
  }

  /**
   * One file chosen.
   *
   * @param path the release path
   * @param file where it is on disk (a symbolic link is followed when read)
   */
  public record Entry(String path, Path file) {}
}
