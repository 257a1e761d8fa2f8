package dev.upkeep.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A release record: rmellipse's YAML document describing one release (PROTOCOLS.md §6.1) — its
 * {@code title}, {@code title_versionless}, {@code version}, {@code requirements}, {@code
 * datasets}, {@code workflow}, {@code workflow_config_path} and the {@code project} map of its tree
 * — plus what Upkeep adds under one key rmellipse ignores, {@code upkeep}: the release's
 * git-flavour tree hash, its signature and signer, and a yank.
 *
 * <p>Reading a record checks every path ({@link ReleasePath}) and blob id before anything can be
 * written from it. Fields Upkeep does not know are kept as read and written back unchanged.
 * Immutable and thread-safe.
 */
public final class ReleaseRecord {
  static final String UPKEEP = "upkeep";

  private final ReleaseId id;
  private final Map<String, Object> document;
  private final List<ReleaseFile> files;
  private final List<String> directories;

  private ReleaseRecord(
      ReleaseId id, Map<String, Object> document, List<ReleaseFile> files, List<String> dirs) {
    this.id = id;
    this.document = document;
    this.files = files;
    this.directories = dirs;
  }

  /**
   * Reads a record from its parsed YAML document.
   *
   * @param workspace the workspace it was found in (records do not name theirs)
   * @param document the document as a YAML 1.1 loader returns it
   * @param source names the record in error messages (its file or URL)
   * @throws IllegalArgumentException naming {@code source} and the first field that is missing or
   *     wrong: a title or version that does not parse, a path outside the release, a blob id that
   *     is not 64 hex digits, a file given twice
   */
  public static ReleaseRecord read(String workspace, Map<String, Object> document, String source) {
    try {
      Title title = Title.of(text(document, "title_versionless"));
      ReleaseVersion version = ReleaseVersion.of(text(document, "version"));
      ReleaseId id = new ReleaseId(workspace, title, version);
      Object versioned = document.get("title");
      if (versioned != null && !id.versionedTitle().equals(String.valueOf(versioned))) {
        throw new IllegalArgumentException(
            "title '" + versioned + "' is not title_versionless-vversion, " + id.versionedTitle());
      }
      ProjectMap.Contents contents = ProjectMap.read(document.get("project"));
      return new ReleaseRecord(
          id, deepCopy(document), List.copyOf(contents.files()), contents.directories());
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static String text(Map<String, Object> document, String key) {
    Object value = document.get(key);
    if (value == null) {
      throw new IllegalArgumentException("field " + key + " is missing");
    }
    return String.valueOf(value);
  }

  /** A builder of a new record for {@code id}. */
  public static Builder builder(ReleaseId id) {
    return new Builder(id);
  }

  public ReleaseId id() {
    return id;
  }

  /** The files, ordered by path. */
  public List<ReleaseFile> files() {
    return files;
  }

  /** Every directory of the tree, empty ones included, ordered by path. */
  public List<String> directories() {
    return directories;
  }

  /** The requirements as written ({@code first-workflow>=0.1.0}); see {@link Requirement}. */
  public List<String> requirements() {
    Object r = document.get("requirements");
    if (!(r instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(String::valueOf).toList();
  }

  /** Dataset name → path in the release, as rmellipse's {@code datasets}. */
  public Map<String, String> datasets() {
    Map<String, String> out = new LinkedHashMap<>();
    if (document.get("datasets") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The git-flavour tree hash recorded at push, if any (40 hex digits). */
  public Optional<String> treeHash() {
    return upkeepField("tree-hash");
  }

  /** The Base64 signature over {@link #treeHash()}, if the release was signed. */
  public Optional<String> signature() {
    return upkeepField("signature");
  }

  /** The signer's key fingerprint ({@code SHA256:…}), if the release was signed. */
  public Optional<String> signer() {
    return upkeepField("signer");
  }

  /** The yank, if the release was yanked. */
  public Optional<Yank> yank() {
    if (upkeep().get("yanked") instanceof Map<?, ?> y) {
      return Optional.of(new Yank(String.valueOf(y.get("reason")), String.valueOf(y.get("at"))));
    }
    return Optional.empty();
  }

  /** This record with {@code upkeep.yanked} set; every other field unchanged. */
  public ReleaseRecord yanked(String reason, Instant at) {
    Map<String, Object> copy = deepCopy(document);
    Map<String, Object> upkeep = new LinkedHashMap<>();
    upkeep().forEach((k, v) -> upkeep.put(String.valueOf(k), v));
    Map<String, Object> yanked = new LinkedHashMap<>();
    yanked.put("reason", reason);
    yanked.put("at", at.toString());
    upkeep.put("yanked", yanked);
    copy.put(UPKEEP, upkeep);
    return new ReleaseRecord(id, copy, files, directories);
  }

  /** The whole document, as it is written (unmodifiable). */
  public Map<String, Object> document() {
    return Collections.unmodifiableMap(document);
  }

  private Optional<String> upkeepField(String key) {
    Object v = upkeep().get(key);
    return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
  }

  private Map<?, ?> upkeep() {
    return document.get(UPKEEP) instanceof Map<?, ?> m ? m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      // YAML loaders pick the narrowest type; one type per value keeps equals() meaningful.
      return (T) Long.valueOf(((Number) value).longValue());
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseRecord r && r.id.equals(id) && r.document.equals(document);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, document);
  }

  @Override
  public String toString() {
    return "release " + id;
  }

  /** Builds a new record in rmellipse's shape. Not thread-safe. */
  public static final class Builder {
    private final ReleaseId id;
    private final List<ReleaseFile> files = new ArrayList<>();
    private final List<String> directories = new ArrayList<>();
    private final List<String> requirements = new ArrayList<>();
    private final Map<String, String> datasets = new LinkedHashMap<>();
    private final Map<String, Object> upkeep = new LinkedHashMap<>();
    private Object workflow = new LinkedHashMap<>();
    private String workflowConfigPath = "";

    private Builder(ReleaseId id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** Adds a file. */
    public Builder file(ReleaseFile file) {
      files.add(file);
      return this;
    }

    /** Adds a directory (parents of files are added by themselves). */
    public Builder directory(String path) {
      directories.add(ReleasePath.check(path));
      return this;
    }

    /** Adds a requirement, as written ({@code first-workflow>=0.1.0}). */
    public Builder requirement(String requirement) {
      requirements.add(Requirement.parse(requirement).toString());
      return this;
    }

    /** Names a dataset: a path in the release. */
    public Builder dataset(String name, String path) {
      datasets.put(name, path);
      return this;
    }

    /** rmellipse's {@code workflow} (a map) and {@code workflow_config_path}. */
    public Builder workflow(Object workflow, String configPath) {
      this.workflow = workflow;
      this.workflowConfigPath = configPath;
      return this;
    }

    /** The release's git-flavour tree hash, its Base64 signature and the signer's fingerprint. */
    public Builder signed(String treeHash, String signature, String signer) {
      upkeep.put("tree-hash", treeHash);
      upkeep.put("signature", signature);
      upkeep.put("signer", signer);
      return this;
    }

    /**
     * The record.
     *
     * @throws IllegalArgumentException when a path is given twice, or is a file and a directory
     */
    public ReleaseRecord build() {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("datasets", new LinkedHashMap<>(datasets));
      document.put("project", ProjectMap.write(files, directories));
      document.put("requirements", new ArrayList<>(requirements));
      document.put("title", id.versionedTitle());
      document.put("title_versionless", id.title().value());
      document.put("version", id.version().toString());
      document.put("workflow", workflow);
      document.put("workflow_config_path", workflowConfigPath);
      if (!upkeep.isEmpty()) {
        document.put(UPKEEP, new LinkedHashMap<>(upkeep));
      }
      return read(id.workspace(), document, "release " + id);
    }
  }
}
