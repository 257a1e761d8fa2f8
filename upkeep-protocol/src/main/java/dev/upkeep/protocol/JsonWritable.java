package dev.upkeep.protocol;

/**
 * A value that knows how to write itself as JSON; {@link Json#write(Object, StringBuilder)} calls
 * {@link #writeJson(StringBuilder)} instead of inspecting the object.
 *
 * <p>Implementations should be safe to call from several threads at once when the object is
 * immutable, as {@link WireEvent} is.
 */
public interface JsonWritable {

  /**
   * Appends exactly one complete, compact JSON value (no insignificant whitespace) to {@code out}.
   *
   * @param out the buffer to append to; never {@code null}
   * @throws IllegalArgumentException if the value cannot be represented as JSON
   */
  void writeJson(StringBuilder out);
}
