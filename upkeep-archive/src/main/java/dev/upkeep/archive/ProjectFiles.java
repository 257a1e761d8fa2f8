package dev.upkeep.archive;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What rmellipse's project files say about releases: {@code requires-releases} of {@code
 * rmeproject.yml} and of a workflow file ({@code *.rme.yml}), and a workflow's {@code datasets}.
 */
final class ProjectFiles {
  /** The project file rmellipse requires in a project's root: {@value}. */
  static final String PROJECT_FILE = "rmeproject.yml";

  private ProjectFiles() {}

  static Path workflowFile(Path project, Path workflow) {
    Path file = project.resolve(workflow);
    String name = file.getFileName().toString();
    // rmellipse adds .rme.yml to a workflow named without a suffix.
    return name.contains(".") ? file : file.resolveSibling(name + ".rme.yml");
  }

  static Path onlyWorkflow(Path project) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(project, "*.rme.yml")) {
      entries.forEach(found::add);
    }
    if (found.size() > 1) {
      found.sort(null);
      throw new IllegalArgumentException(
          project
              + " has "
              + found.size()
              + " workflow files ("
              + String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList())
              + "); name one with --workflow");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /** The {@code requires-releases} of a project or workflow file. */
  static List<Resolver.Demand> requirements(Path file) throws IOException {
    Object document = parse(file);
    List<Resolver.Demand> demands = new ArrayList<>();
    if (!(document instanceof Map<?, ?> map) || map.get("requires-releases") == null) {
      return demands;
    }
    if (!(map.get("requires-releases") instanceof List<?> list)) {
      throw new IllegalArgumentException(file + ": requires-releases is not a list");
    }
    for (Object item : list) {
      try {
        demands.add(
            new Resolver.Demand(
                Requirement.parse(String.valueOf(item)), file.getFileName().toString()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
    return demands;
  }

  /** A workflow's {@code datasets}: name → path in the project; empty without a workflow. */
  static Map<String, String> datasets(Path workflow) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (workflow != null
        && parse(workflow) instanceof Map<?, ?> map
        && map.get("datasets") instanceof Map<?, ?> datasets) {
      datasets.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  private static Object parse(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return RecordYaml.parse(reader, file.toString());
    }
  }
}
