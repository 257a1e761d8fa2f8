package dev.upkeep.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.upkeep.archive.RmeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Archives known by name: Upkeep's {@code archives.toml} ({@code $XDG_CONFIG_HOME/upkeep/}, else
 * {@code ~/.config/upkeep/}) first, then rmellipse's {@code rme.yml} (the project's, else {@code
 * ~/.rmellipse/rme.yml}), so an rmellipse project works unchanged:
 *
 * <pre>{@code
 * [archives.lab]
 * url = "cdcs+https://cdcs.example/"   # or https://collector.example/ or a directory
 * user = "alice"                       # CDCS: who signs in
 * project = "lab/tools"                # collector: the project a first release goes to
 * ca-bundle = "/etc/ssl/lab-ca.pem"    # a private CA's certificates
 * default = true
 * }</pre>
 *
 * A {@code host} of rme.yml that is a URL is a CDCS server, rmellipse's only remote back-end; a
 * directory is relative to the project. Stateless.
 */
final class NamedArchives {
  /**
   * An archive and what its settings say.
   *
   * @param name its name
   * @param location where it is
   * @param user the user to sign in as, or null
   * @param project the collector project for first releases, or null
   * @param caBundle the CA bundle to trust, or null
   * @param isDefault whether it is marked {@code default = true}
   * @param source the file that names it
   */
  record Named(
      String name,
      ArchiveLocation location,
      String user,
      String project,
      Path caBundle,
      boolean isDefault,
      Path source) {}

  private NamedArchives() {}

  /** Upkeep's archives file in {@code configDir} ({@code …/upkeep/archives.toml}). */
  static Path file(Path configDir) {
    return configDir.resolve("upkeep").resolve("archives.toml");
  }

  /** Every named archive, Upkeep's first. */
  static List<Named> all(Path project, Path configDir, Path home) throws IOException {
    List<Named> out = new ArrayList<>(toml(file(configDir)));
    for (RmeSettings.Entry e : RmeSettings.archives(project, home)) {
      String host = e.host();
      ArchiveLocation location =
          host.matches("^[A-Za-z]+://.*") && !host.startsWith("file:")
              ? ArchiveLocation.parse("cdcs+" + host, project)
              : ArchiveLocation.parse(host, project);
      out.add(new Named(e.alias(), location, e.user(), null, null, e.isDefault(), e.settings()));
    }
    return out;
  }

  /** The archive named {@code name}, Upkeep's before rmellipse's. */
  static Optional<Named> find(String name, Path project, Path configDir, Path home)
      throws IOException {
    return all(project, configDir, home).stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The archive marked default, Upkeep's before rmellipse's. */
  static Optional<Named> defaultArchive(Path project, Path configDir, Path home)
      throws IOException {
    return all(project, configDir, home).stream().filter(Named::isDefault).findFirst();
  }

  private static List<Named> toml(Path file) throws IOException {
    List<Named> out = new ArrayList<>();
    JsonNode archives = read(file).path("archives");
    for (Iterator<Map.Entry<String, JsonNode>> it = archives.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = e.getValue();
      String url = a.path("url").asText(null);
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException(
            file + ": archive " + e.getKey() + " has no url (a directory or a URL)");
      }
      String ca = a.path("ca-bundle").asText(null);
      out.add(
          new Named(
              e.getKey(),
              ArchiveLocation.parse(url, file.getParent()),
              a.path("user").asText(null),
              a.path("project").asText(null),
              ca == null ? null : file.getParent().resolve(ca),
              a.path("default").asBoolean(false),
              file));
    }
    return out;
  }

  private static JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return MissingNode.getInstance();
    }
    try {
      return new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid TOML: " + e.getMessage(), e);
    }
  }
}
