package dev.upkeep.protocol;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when well-formed input breaks the rules of the wire format, or when a {@link
 * WireEvent.Builder} holds invalid settings. Lists every problem found, not only the first.
 *
 * <p>Each problem is a short sentence starting with the path of the offending value, for example
 * {@code events[3].project: required}. The message is the problems joined with {@code "; "}.
 * Instances are immutable and thread-safe.
 */
public final class WireFormatException extends IllegalArgumentException {

  /** The problems, unmodifiable. */
  private final List<String> problems;

  /**
   * Creates an exception for a single problem.
   *
   * @param problem the problem description; not {@code null}
   * @throws NullPointerException if {@code problem} is {@code null}
   */
  public WireFormatException(String problem) {
    this(List.of(problem));
  }

  /**
   * Creates an exception for one or more problems, kept in the given order.
   *
   * @param problems the problem descriptions; not {@code null}, not empty, no {@code null} element
   * @throws NullPointerException if {@code problems} or one of its elements is {@code null}
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public WireFormatException(List<String> problems) {
    super(String.join("; ", checked(problems)));
    this.problems = List.copyOf(problems);
  }

  private static List<String> checked(List<String> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    return problems;
  }

  /**
   * Returns the problems in the order they were found.
   *
   * @return an unmodifiable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
