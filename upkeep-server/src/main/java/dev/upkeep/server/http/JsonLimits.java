package dev.upkeep.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The limits of every JSON body the collector reads with Jackson (migas REST and GraphQL, otumat,
 * the admin API), and the messages that name them.
 *
 * <ul>
 *   <li>nesting of arrays and objects: at most {@value #MAX_NESTING_DEPTH} levels (migas and otumat
 *       bodies use 3);
 *   <li>a string: at most {@value #MAX_STRING_LENGTH} characters (bodies are smaller anyway: 64 KiB
 *       and 4 MiB by default);
 *   <li>a number: at most {@value #MAX_NUMBER_LENGTH} digits;
 *   <li>a property name: at most {@value #MAX_NAME_LENGTH} characters.
 * </ul>
 *
 * A body over a limit is refused with the route's JSON error (400, or 422 for migas REST) whose
 * message names the limit. Jackson's parser is streaming and linear; these limits bound the tree it
 * builds. Thread-safe.
 */
public final class JsonLimits {
  /** Deepest nesting of arrays and objects: {@value}. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string value, in characters: {@value}. */
  public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;

  /** Longest number, in characters: {@value}. */
  public static final int MAX_NUMBER_LENGTH = 100;

  /** Longest property name, in characters: {@value}. */
  public static final int MAX_NAME_LENGTH = 1024;

  private static final int MAX_MESSAGE = 200;

  private JsonLimits() {}

  /** A mapper with these limits that refuses trailing tokens after the value. */
  public static ObjectMapper mapper() {
    return new ObjectMapper(factory()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** A factory of parsers with these limits (for bodies read as a stream). */
  public static JsonFactory factory() {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build())
        .build();
  }

  /**
   * Jackson's message for a body it refused, without the parts that name Jackson's internals: its
   * first line, {@code (from `StreamReadConstraints...`)} removed, at most 200 characters; e.g.
   * {@code Document nesting depth (65) exceeds the maximum allowed (64)}.
   */
  public static String describe(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    int from = m.indexOf(", from `");
    if (from >= 0) {
      int close = m.indexOf('`', from + 8);
      m = m.substring(0, from) + (close < 0 ? "" : m.substring(close + 1));
    }
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
  }
}
