package dev.upkeep.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * rmellipse's project map: a nested mapping keyed by file and directory name, each node carrying
 * metadata keys wrapped in slashes — {@code /path/}, {@code /item/} ({@code Directory}, {@code
 * File}, {@code H5_File}, and inside HDF5 files {@code H5_Group}, {@code H5_DATASET}), {@code
 * /attrs/}, {@code /file-type/}, {@code /bpid/}, {@code /bytes/}. Files are {@code File} and {@code
 * H5_File} nodes; an HDF5 file's inner nodes describe its content and are not walked.
 */
final class ProjectMap {
  /** Deeper than any real tree; bounds the recursion on hostile records. */
  static final int MAX_DEPTH = 256;

  private ProjectMap() {}

  record Contents(List<ReleaseFile> files, List<String> directories) {}

  static Contents read(Object project) {
    if (project == null) {
      throw new IllegalArgumentException("field project is missing");
    }
    if (!(project instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("field project is not a mapping");
    }
    List<ReleaseFile> files = new ArrayList<>();
    List<String> directories = new ArrayList<>();
    walk(root, 0, files, directories);
    files.sort(Comparator.comparing(ReleaseFile::path));
    directories.sort(Comparator.naturalOrder());
    checkDisjoint(files, directories);
    return new Contents(files, List.copyOf(directories));
  }

  private static void walk(
      Map<?, ?> node, int depth, List<ReleaseFile> files, List<String> directories) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("project map is nested deeper than " + MAX_DEPTH);
    }
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.startsWith("/")) {
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> child)) {
        throw new IllegalArgumentException("project entry '" + name + "' is not a mapping");
      }
      Object path = child.get("/path/");
      if (path == null) {
        throw new IllegalArgumentException("project entry '" + name + "' has no /path/");
      }
      String p = ReleasePath.check(String.valueOf(path));
      String item = String.valueOf(child.get("/item/"));
      switch (item) {
        case "Directory" -> {
          directories.add(p);
          walk(child, depth + 1, files, directories);
        }
        case "File", "H5_File" -> files.add(file(p, item, child));
        default ->
            throw new IllegalArgumentException(
                "project entry '" + p + "' has /item/ '" + item + "', not Directory or File");
      }
    }
  }

  private static ReleaseFile file(String path, String item, Map<?, ?> node) {
    Object bpid = node.get("/bpid/");
    if (bpid == null || "NONE".equals(bpid)) {
      throw new IllegalArgumentException(
          "file '" + path + "' has no blob (was the release pushed with --no-blobs?)");
    }
    String hex = String.valueOf(bpid);
    if (!BlobId.isValid(hex)) {
      throw new IllegalArgumentException(
          "file '" + path + "': /bpid/ '" + hex + "' is not 64 lowercase hex digits");
    }
    if (!(node.get("/bytes/") instanceof Number bytes) || bytes.longValue() < 0) {
      throw new IllegalArgumentException(
          "file '" + path + "': /bytes/ is missing or not a size, was " + node.get("/bytes/"));
    }
    return new ReleaseFile(path, item, new BlobId(hex), bytes.longValue());
  }

  private static void checkDisjoint(List<ReleaseFile> files, List<String> directories) {
    Set<String> filePaths = new HashSet<>();
    for (ReleaseFile f : files) {
      if (!filePaths.add(f.path())) {
        throw new IllegalArgumentException("file '" + f.path() + "' is given twice");
      }
    }
    for (String d : directories) {
      if (filePaths.contains(d)) {
        throw new IllegalArgumentException("'" + d + "' is both a file and a directory");
      }
    }
    for (String p : filePaths) {
      for (int slash = p.indexOf('/'); slash >= 0; slash = p.indexOf('/', slash + 1)) {
        if (filePaths.contains(p.substring(0, slash))) {
          throw new IllegalArgumentException(
              "'" + p.substring(0, slash) + "' is both a file and a directory");
        }
      }
    }
  }

  /** The nested map of {@code files} and {@code directories}, parents made as needed. */
  static Map<String, Object> write(List<ReleaseFile> files, List<String> directories) {
    Map<String, Object> root = new LinkedHashMap<>();
    Set<String> dirs = new TreeSet<>(directories);
    for (ReleaseFile f : files) {
      for (int slash = f.path().indexOf('/'); slash >= 0; ) {
        dirs.add(f.path().substring(0, slash));
        slash = f.path().indexOf('/', slash + 1);
      }
    }
    for (String d : dirs) {
      Map<String, Object> node = nodeFor(root, d);
      node.put("/attrs/", new LinkedHashMap<>());
      node.put("/item/", "Directory");
      node.put("/path/", d);
    }
    for (ReleaseFile f : files) {
      Map<String, Object> node = nodeFor(root, f.path());
      if (!node.isEmpty()) {
        throw new IllegalArgumentException("'" + f.path() + "' is given twice");
      }
      node.put("/attrs/", new LinkedHashMap<>());
      node.put("/bpid/", f.blob().hex());
      node.put("/bytes/", f.bytes());
      node.put("/file-type/", "misc");
      node.put("/item/", f.item());
      node.put("/path/", f.path());
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nodeFor(Map<String, Object> root, String path) {
    Map<String, Object> node = root;
    for (String segment : path.split("/")) {
      node = (Map<String, Object>) node.computeIfAbsent(segment, k -> new LinkedHashMap<>());
    }
    return node;
  }
}
