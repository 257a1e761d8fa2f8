package dev.upkeep.archive;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A release's versionless title, normalised as rmellipse normalises it ({@code
 * _normalize_package_name}): runs of {@code -}, {@code _} and {@code .} become one {@code -}, the
 * result is lower-cased, must not start with a digit and must match {@code
 * ^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$}; {@code SELF} is reserved. {@code My_Workflow.v2} and
 * {@code my-workflow-v2} are the same title.
 *
 * <p>Upkeep normalises on every command (rmellipse only when pushing), so a release is found
 * whichever spelling names it. Immutable and thread-safe.
 */
public final class Title implements Comparable<Title> {
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
  private static final Pattern VALID = Pattern.compile("^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$");

  private final String value;

  private Title(String value) {
    this.value = value;
  }

  /**
   * Normalises and checks a title.
   *
   * @throws IllegalArgumentException naming the title and the rule it breaks
   */
  public static Title of(String name) {
    Objects.requireNonNull(name, "name");
    if ("SELF".equals(name)) {
      throw new IllegalArgumentException("title SELF is reserved by rmellipse; choose another");
    }
    String normalised = SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException("title is empty");
    }
    if (Character.isDigit(normalised.charAt(0))) {
      throw new IllegalArgumentException(
          "title '" + name + "' starts with a digit; rmellipse titles must start with a letter");
    }
    if (!VALID.matcher(normalised).matches()) {
      throw new IllegalArgumentException(
          "title '"
              + name
              + "' is not valid: use letters, digits, '-', '_' and '.', starting with a letter"
              + " and ending with a letter or digit");
    }
    return new Title(normalised);
  }

  /** The normalised title, as rmellipse writes it in {@code title_versionless}. */
  public String value() {
    return value;
  }

  @Override
  public int compareTo(Title o) {
    return value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Title t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
