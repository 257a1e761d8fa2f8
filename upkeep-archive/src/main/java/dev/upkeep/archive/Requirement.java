package dev.upkeep.archive;

import java.util.Objects;

/**
 * A requirement on releases as rmellipse writes them in {@code requires-releases} and in a record's
 * {@code requirements}: {@code [workspace/]name<expression>}, such as {@code first-workflow>=0.1.0,
 * <0.2.0} or {@code Lab Workspace/calibration^1.2.0}. The name is a {@link Title} (normalised);
 * without a workspace, {@link Workspace#DEFAULT} is meant; without an expression, any version that
 * is not a pre-release ({@link VersionExpression#ANY}). Immutable and thread-safe.
 *
 * @param workspace the workspace the release lives in
 * @param title the release's title
 * @param expression the versions that satisfy it
 */
public record Requirement(String workspace, Title title, VersionExpression expression) {
  public Requirement {
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(expression, "expression");
  }

  /**
   * Parses {@code [workspace/]name<expression>}.
   *
   * @throws IllegalArgumentException naming the requirement and what is wrong with it
   */
  public static Requirement parse(String text) {
    Objects.requireNonNull(text, "text");
    int op = firstOperator(text);
    String name = text.substring(0, op).strip();
    String expression = text.substring(op);
    String workspace = Workspace.DEFAULT;
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      workspace = name.substring(0, slash).strip();
      name = name.substring(slash + 1).strip();
      if (workspace.isEmpty() || workspace.contains("/")) {
        throw new IllegalArgumentException(
            "requirement '" + text + "': write it as [workspace/]name<expression>");
      }
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("requirement '" + text + "' names no release");
    }
    try {
      return new Requirement(
          Workspace.check(workspace), Title.of(name), VersionExpression.parse(expression));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("requirement '" + text + "': " + e.getMessage(), e);
    }
  }

  private static int firstOperator(String text) {
    for (int i = 0; i < text.length(); i++) {
      if ("<>=!^~".indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Whether {@code version} satisfies the expression. */
  public boolean matches(ReleaseVersion version) {
    return expression.matches(version);
  }

  /** The requirement as rmellipse writes it, the workspace left out when it is the default. */
  @Override
  public String toString() {
    String prefix = workspace.equals(Workspace.DEFAULT) ? "" : workspace + "/";
    return prefix + title + expression;
  }
}
