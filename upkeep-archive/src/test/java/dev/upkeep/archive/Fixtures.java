package dev.upkeep.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The rmellipse archive of ../shared/fixtures, copied into the test resources. */
final class Fixtures {
  static final String TITLE = "first-workflow";

  private Fixtures() {}

  /** A fresh copy of {@code test_case_archive} under {@code dir}. */
  static Path archiveCopy(Path dir) {
    try {
      Path source =
          Path.of(
                  Fixtures.class
                      .getResource("/rmellipse-archive/test_case_archive/.rmearchive")
                      .toURI())
              .getParent();
      Path target = dir.resolve("test_case_archive");
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path t = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
