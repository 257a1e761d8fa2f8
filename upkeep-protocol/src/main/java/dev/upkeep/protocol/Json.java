package dev.upkeep.protocol;

import java.util.Objects;

/**
 * Strict RFC 8259 JSON parsing and compact JSON writing using plain JDK types. No dependencies; all
 * methods are static, stateless and thread-safe.
 *
 * <h2>Parsing</h2>
 *
 * {@link #parse(CharSequence)} maps JSON values to:
 *
 * <ul>
 *   <li>object: {@code LinkedHashMap<String, Object>} in document order; for a duplicate key the
 *       last value wins (at the position of the first occurrence)
 *   <li>array: {@code ArrayList<Object>}
 *   <li>string: {@code String}; escaped and unescaped lone surrogates are passed through
 *   <li>{@code true}/{@code false}: {@code Boolean}; {@code null}: {@code null}
 *   <li>number without fraction or exponent that fits in a {@code long}: {@code Long} ({@code -0}
 *       becomes {@code 0L}); any other number: {@code Double} (integers beyond the {@code long}
 *       range lose precision)
 * </ul>
 *
 * <p>Rejected, with a {@link JsonException}: trailing commas, comments, leading zeros, {@code NaN}
 * and friends, single quotes, unescaped control characters (U+0000..U+001F) in strings, invalid
 * escapes, numbers whose magnitude overflows a {@code double}, anything after the value other than
 * whitespace, and arrays or objects nested deeper than {@value #MAX_DEPTH} levels.
 *
 * <h2>Writing</h2>
 *
 * {@link #write(Object)} produces compact JSON (no whitespace) from {@code null}, {@code String}
 * (and any {@code CharSequence} or {@code Character}), {@code Boolean}, {@code Number}, {@code Map}
 * (keys written with {@code String.valueOf}), {@code Iterable}, arrays, {@link java.time.Instant}
 * (as an ISO-8601 string such as {@code "2026-11-21T10:00:00Z"}) and {@link JsonWritable}. Strings
 * escape {@code "}, {@code \}, control characters ({@code \n \r \t \b \f}, others as {@code
 * \}{@code u00XX}) and U+2028/U+2029; all other characters, including non-ASCII, are written as
 * they are.
 */
public final class Json {

  /** Maximum nesting of arrays and objects accepted by {@link #parse(CharSequence)}: {@value}. */
  public static final int MAX_DEPTH = JsonParser.MAX_DEPTH;

  private Json() {}

  /**
   * Parses one JSON value, which may be surrounded by whitespace (space, tab, CR, LF).
   *
   * @param text the JSON text; not {@code null}
   * @return a {@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Boolean}, {@code
   *     Long}, {@code Double}, or {@code null} for the JSON literal {@code null}; see the class
   *     description
   * @throws JsonException if {@code text} is not exactly one valid JSON value; the exception
   *     carries the offset, line and column of the problem
   * @throws NullPointerException if {@code text} is {@code null}
   */
  public static Object parse(CharSequence text) {
    String s = Objects.requireNonNull(text, "text").toString();
    return JsonParser.parse(s, 0, s.length());
  }

  /**
   * Writes {@code value} as compact JSON.
   *
   * @param value the value to write; see the class description for the supported types
   * @return the JSON text
   * @throws IllegalArgumentException if {@code value} or something inside it has an unsupported
   *     type, is a non-finite number, or is nested deeper than {@value #MAX_DEPTH} levels
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /**
   * Appends {@code value} as compact JSON to {@code out}. On failure, {@code out} may hold a
   * partial value.
   *
   * @param value the value to write; see the class description for the supported types
   * @param out the buffer to append to; not {@code null}
   * @throws IllegalArgumentException if {@code value} or something inside it has an unsupported
   *     type, is a non-finite number, or is nested deeper than {@value #MAX_DEPTH} levels
   * @throws NullPointerException if {@code out} is {@code null}
   */
  public static void write(Object value, StringBuilder out) {
    Objects.requireNonNull(out, "out");
    JsonWriter.write(value, out, 0);
  }
}
