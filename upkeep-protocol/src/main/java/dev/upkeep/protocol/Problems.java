package dev.upkeep.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects validation problems, naming each after the offending field. In JSON style a problem
 * reads {@code <label><separator><json_name>: <fragment>}; in builder style {@code <setterName>
 * <fragment>}. Keeps at most {@code limit} problems and counts the rest. Not thread-safe.
 */
final class Problems {

  private final boolean jsonStyle;
  private final int limit;
  private final List<String> items = new ArrayList<>();
  private String labelStart = "";
  private int labelIndex = -1;
  private String labelEnd = "";
  private String separator = "";
  private int dropped;

  private Problems(boolean jsonStyle, int limit) {
    this.jsonStyle = jsonStyle;
    this.limit = limit;
  }

  /** Problems named by JSON path, such as {@code events[3].project: required}. */
  static Problems json(int limit) {
    return new Problems(true, limit);
  }

  /** Problems named by builder setter, such as {@code project is required}. */
  static Problems builder() {
    return new Problems(false, Integer.MAX_VALUE);
  }

  /**
   * Names the item being read, built lazily as {@code start + index + end} (or just {@code start}
   * when {@code index < 0}), such as {@code events[3]} or {@code line 4}; {@code separator} goes
   * between that label and field names, such as {@code "."} or {@code ": "}. An empty {@code start}
   * means no label and no separator.
   */
  void item(String start, int index, String end, String separator) {
    this.labelStart = start;
    this.labelIndex = index;
    this.labelEnd = end;
    this.separator = separator;
  }

  /** The label of the current item, such as {@code events[3]}; empty if there is none. */
  String label() {
    return labelIndex < 0 ? labelStart : labelStart + labelIndex + labelEnd;
  }

  /**
   * Adds a problem with {@code field}, given by its JSON name, possibly followed by an index such
   * as {@code attributes[2]}.
   */
  void add(String field, String fragment) {
    if (items.size() >= limit) {
      dropped++;
    } else if (jsonStyle) {
      String label = label();
      addRaw(
          label.isEmpty() ? field + ": " + fragment : label + separator + field + ": " + fragment);
    } else {
      addRaw(camelCase(field) + " " + ("required".equals(fragment) ? "is required" : fragment));
    }
  }

  /** Adds a problem with the current item as a whole, such as {@code events[3]: must be ...}. */
  void addItem(String fragment) {
    String label = label();
    addRaw((label.isEmpty() ? "event" : label) + ": " + fragment);
  }

  /** Adds a complete problem sentence. */
  void addRaw(String problem) {
    if (items.size() < limit) {
      items.add(problem);
    } else {
      dropped++;
    }
  }

  int count() {
    return items.size() + dropped;
  }

  /** Throws a {@link WireFormatException} listing the problems, if there are any. */
  void throwIfAny() {
    if (items.isEmpty()) {
      return;
    }
    List<String> all = items;
    if (dropped > 0) {
      all = new ArrayList<>(items);
      all.add("... and " + dropped + " more");
    }
    throw new WireFormatException(all);
  }

  private static String camelCase(String snake) {
    StringBuilder sb = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }
}
