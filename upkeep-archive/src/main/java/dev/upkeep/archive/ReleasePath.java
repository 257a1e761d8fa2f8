package dev.upkeep.archive;

/**
 * The paths a release may hold: {@code /}-separated and relative to the release's root, with no
 * empty, {@code .} or {@code ..} segment, no backslash (a separator on Windows), drive letter or
 * NUL. A record naming any other path is refused before anything is written, so a pull can never
 * write outside its directory.
 */
public final class ReleasePath {
  private ReleasePath() {}

  /**
   * Returns {@code path} when a release may hold it.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String check(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path is empty");
    }
    boolean drive =
        path.length() > 1
            && path.charAt(1) == ':'
            && (path.length() == 2 || path.charAt(2) == '/')
            && Character.isLetter(path.charAt(0));
    if (path.startsWith("/") || drive) {
      throw new IllegalArgumentException("path '" + path + "' is absolute");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' || c == 0) {
        throw new IllegalArgumentException("path '" + path + "' holds a backslash or a NUL");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "path '"
                + path
                + "' has an empty, '.' or '..' segment; it must stay inside the release");
      }
    }
    return path;
  }
}
