package dev.upkeep.archive;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's lock file in rmellipse's format ({@code first-workflow.rme.lock} beside {@code
 * first-workflow.rme.yml}): one entry per release, keyed {@code <title>-v<version>}, with {@code
 * host}, {@code name}, {@code version} and {@code workspace} as rmellipse writes them; Upkeep adds
 * {@code tree-hash} (when the release has one) and {@code required-by}. Entries that are not
 * releases (rmellipse's {@code requires-files} namespaces) are kept as they are.
 *
 * <p>Written as PyYAML's {@code safe_dump} writes, through a temporary file and a rename.
 */
public final class LockFile {
  private LockFile() {}

  /** One locked release. */
  public record Entry(ReleaseId id, String host) {}

  /** The lock file of a workflow or project file: {@code x.rme.yml} → {@code x.rme.lock}. */
  public static Path of(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".lock");
  }

  /**
   * The released entries of a lock file; none when it does not exist.
   *
   * @throws IllegalArgumentException naming the file when it is not a lock file
   */
  public static List<Entry> read(Path file) throws IOException {
    Object document;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      document = RecordYaml.parse(reader, file.toString());
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    if (document == null) {
      return entries;
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": not a lock file (not a YAML mapping)");
    }
    for (Object value : map.values()) {
      if (value instanceof Map<?, ?> e && e.get("name") != null && e.get("version") != null) {
        try {
          Object workspace = e.get("workspace");
          entries.add(
              new Entry(
                  new ReleaseId(
                      workspace == null ? Workspace.DEFAULT : String.valueOf(workspace),
                      Title.of(String.valueOf(e.get("name"))),
                      ReleaseVersion.of(String.valueOf(e.get("version")))),
                  String.valueOf(e.get("host"))));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(file + ": " + bad.getMessage(), bad);
        }
      }
    }
    return entries;
  }

  /**
   * Writes the lock: {@code releases} with who required each, keeping the entries of {@code file}
   * that are not releases.
   */
  public static void write(Path file, String host, Map<ReleaseRecord, List<String>> releases)
      throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        if (RecordYaml.parse(reader, file.toString()) instanceof Map<?, ?> old) {
          old.forEach(
              (k, v) -> {
                if (!(v instanceof Map<?, ?> e && e.get("name") != null)) {
                  document.put(String.valueOf(k), v);
                }
              });
        }
      }
    }
    releases.forEach(
        (record, requiredBy) -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("host", host);
          e.put("name", record.id().title().value());
          e.put("version", record.id().version().toString());
          e.put("workspace", record.id().workspace());
          record.treeHash().ifPresent(h -> e.put("tree-hash", h));
          e.put("required-by", new ArrayList<>(requiredBy));
          document.put(record.id().versionedTitle(), e);
        });
    Path temp = file.resolveSibling(file.getFileName() + ".upkeep-part");
    Files.writeString(temp, RecordYaml.dump(document), StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
