package dev.upkeep.signing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way a tree differs from an earlier listing of it, for messages such as {@code
 * plugin1/core.py: content changed}.
 *
 * @param kind what happened
 * @param path the file's path as the listing writes it (the new path of a renamed file)
 * @param detail the old path of a renamed file, {@code "100644 -> 100755"} for a mode change, else
 *     empty
 */
public record TreeDifference(Kind kind, String path, String detail) {

  /** What happened to a file. */
  public enum Kind {
    CHANGED,
    ADDED,
    REMOVED,
    RENAMED,
    MODE_CHANGED
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CHANGED -> path + ": content changed";
      case ADDED -> path + ": added";
      case REMOVED -> path + ": removed";
      case RENAMED -> path + ": renamed from " + detail;
      case MODE_CHANGED -> path + ": mode changed " + detail;
    };
  }

  private record Line(String mode, String blob) {}

  static List<TreeDifference> between(String before, String after) {
    Map<String, Line> old = parse(before);
    Map<String, Line> now = parse(after);
    List<TreeDifference> out = new ArrayList<>();
    Map<String, String> removedByBlob = new HashMap<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Line> e : old.entrySet()) {
      Line n = now.get(e.getKey());
      if (n == null) {
        removed.add(e.getKey());
        removedByBlob.merge(e.getValue().blob(), e.getKey(), (a, b) -> "");
      } else {
        if (!n.blob().equals(e.getValue().blob())) {
          out.add(new TreeDifference(Kind.CHANGED, e.getKey(), ""));
        }
        if (!n.mode().equals(e.getValue().mode())) {
          out.add(
              new TreeDifference(
                  Kind.MODE_CHANGED, e.getKey(), e.getValue().mode() + " -> " + n.mode()));
        }
      }
    }
    for (Map.Entry<String, Line> e : now.entrySet()) {
      if (old.containsKey(e.getKey())) {
        continue;
      }
      String from = removedByBlob.get(e.getValue().blob());
      if (from != null && !from.isEmpty() && removed.remove(from)) {
        out.add(new TreeDifference(Kind.RENAMED, e.getKey(), from));
      } else {
        out.add(new TreeDifference(Kind.ADDED, e.getKey(), ""));
      }
    }
    for (String path : removed) {
      out.add(new TreeDifference(Kind.REMOVED, path, ""));
    }
    out.sort(Comparator.comparing(TreeDifference::path).thenComparing(TreeDifference::kind));
    return out;
  }

  /** path -> (mode, blob) of each {@code <mode> <blob> <stage>\t<path>} line. */
  private static Map<String, Line> parse(String listing) {
    Map<String, Line> lines = new LinkedHashMap<>();
    for (String line : listing.split("\n")) {
      int tab = line.indexOf('\t');
      String[] fields = tab < 0 ? new String[0] : line.substring(0, tab).split(" ");
      if (fields.length != 3) {
        if (!line.isEmpty()) {
          throw new IllegalArgumentException(
              "not a tree listing line (<mode> <blob> 0<TAB><path>): " + line);
        }
        continue;
      }
      lines.put(line.substring(tab + 1), new Line(fields[0], fields[1]));
    }
    return lines;
  }
}
