package dev.upkeep.archive;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archives rmellipse's settings name, read as rmellipse reads them: {@code <project>/rme.yml}
 * if it exists, else {@code ~/.rmellipse/rme.yml}, each {@code archives: {ALIAS: {host: …, default:
 * true, user: …}}}. A {@code host} is a directory (relative to the settings' project) or, for
 * rmellipse's only remote back-end, a CDCS URL. Stateless.
 */
public final class RmeSettings {
  /**
   * One archive of the settings.
   *
   * @param alias its name in the settings
   * @param host as written: a directory or a URL
   * @param user the user to sign in as, or null
   * @param isDefault whether it is marked {@code default: true}
   * @param settings the file it was read from
   */
  public record Entry(String alias, String host, String user, boolean isDefault, Path settings) {}

  private RmeSettings() {}

  /**
   * The archives of the settings that apply to {@code project}, in the order written; empty when
   * neither file exists or names archives.
   *
   * @throws IllegalArgumentException naming the file when it is not valid YAML
   */
  public static List<Entry> archives(Path project, Path home) throws IOException {
    for (Path settings : List.of(project.resolve("rme.yml"), home.resolve(".rmellipse/rme.yml"))) {
      if (!Files.isRegularFile(settings)) {
        continue;
      }
      List<Entry> out = new ArrayList<>();
      Object document;
      try (Reader reader = Files.newBufferedReader(settings, StandardCharsets.UTF_8)) {
        document = RecordYaml.parse(reader, settings.toString());
      }
      if (document instanceof Map<?, ?> map && map.get("archives") instanceof Map<?, ?> archives) {
        archives.forEach(
            (alias, value) -> {
              if (value instanceof Map<?, ?> a && a.get("host") != null) {
                Object user = a.get("user");
                out.add(
                    new Entry(
                        String.valueOf(alias),
                        String.valueOf(a.get("host")),
                        user == null ? null : String.valueOf(user),
                        Boolean.TRUE.equals(a.get("default")),
                        settings));
              }
            });
      }
      return out;
    }
    return List.of();
  }

  /** The archive marked {@code default: true}, if any. */
  public static Optional<Entry> defaultArchive(Path project, Path home) throws IOException {
    return archives(project, home).stream().filter(Entry::isDefault).findFirst();
  }
}
