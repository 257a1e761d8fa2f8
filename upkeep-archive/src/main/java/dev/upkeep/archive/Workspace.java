package dev.upkeep.archive;

/**
 * Workspaces: the namespaces releases live in, as in rmellipse and CDCS. A workspace name is any
 * non-blank text that is a single path segment on every file system (no {@code /}, {@code \},
 * control characters, or {@code .} / {@code ..}).
 */
public final class Workspace {
  /** The workspace rmellipse uses when none is given: {@value}. */
  public static final String DEFAULT = "Global Public Workspace";

  private Workspace() {}

  /**
   * Returns {@code name} when it can name a workspace directory.
   *
   * @throws IllegalArgumentException naming the workspace and the problem
   */
  public static String check(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("workspace name is empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("workspace '" + name + "' is not a name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "workspace '" + name + "' holds a slash or a control character");
      }
    }
    return name;
  }
}
