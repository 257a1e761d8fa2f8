package dev.upkeep.protocol;

/**
 * Thrown by {@link Json#parse(CharSequence)} and {@link EventBatch#decode(String)} when the text is
 * not valid JSON.
 *
 * <p>The message names the problem and where it was found, for example <code>
 * invalid JSON at line 1, column 17 (offset 16): expected ',' or '&#125;' but found
 * 'x'</code>. Offsets and columns count UTF-16 chars; lines are counted by {@code '\n'} only.
 * Instances are immutable and thread-safe.
 */
public final class JsonException extends IllegalArgumentException {

  /** The problem without the position. */
  private final String problem;

  /** Zero-based char offset in the whole input. */
  private final int offset;

  /** One-based line number. */
  private final int line;

  /** One-based column number. */
  private final int column;

  JsonException(String problem, int offset, int line, int column) {
    super(
        "invalid JSON at line "
            + line
            + ", column "
            + column
            + " (offset "
            + offset
            + "): "
            + problem);
    this.problem = problem;
    this.offset = offset;
    this.line = line;
    this.column = column;
  }

  /**
   * Returns the bare description of the problem without the position, for example <code>
   * expected ',' or '&#125;' but found 'x'</code>.
   *
   * @return the problem description; never {@code null}
   */
  public String problem() {
    return problem;
  }

  /**
   * Returns the zero-based offset, in UTF-16 chars from the start of the whole input, at which the
   * problem was detected; equal to the input length when the input ended too early.
   *
   * @return the offset, {@code >= 0}
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns the one-based line of {@link #offset()}; lines are separated by {@code '\n'}.
   *
   * @return the line number, {@code >= 1}
   */
  public int line() {
    return line;
  }

  /**
   * Returns the one-based column of {@link #offset()} within its line, counted in UTF-16 chars.
   *
   * @return the column number, {@code >= 1}
   */
  public int column() {
    return column;
  }
}
