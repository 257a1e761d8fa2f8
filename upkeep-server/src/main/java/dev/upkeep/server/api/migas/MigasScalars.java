package dev.upkeep.server.api.migas;

import dev.upkeep.server.ingest.TimeWindow;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The custom scalars of migas-server's schema: DateTime, SafeStr and JSON. */
final class MigasScalars {
  /** Longest DateTime text read: {@value} characters. */
  static final int MAX_DATE_TIME_LENGTH = 64;

  private MigasScalars() {}

  /**
   * {@code "YYYY-MM-DD"} (00:00 UTC) or an ISO-8601 date-time with offset; yields an Instant. At
   * most 64 characters, years 1 to 9999: anything else is a GraphQL error naming the argument.
   */
  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object result, GraphQLContext c, Locale l) {
                  return result.toString();
                }

                @Override
                public Instant parseValue(Object input, GraphQLContext c, Locale l) {
                  if (input instanceof String s) {
                    return parse(s, CoercingParseValueException::new);
                  }
                  throw new CoercingParseValueException(
                      "DateTime must be a string such as \"2024-01-01\", was " + input);
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input, CoercedVariables v, GraphQLContext c, Locale l) {
                  if (input instanceof StringValue s) {
                    return parse(s.getValue(), CoercingParseLiteralException::new);
                  }
                  throw new CoercingParseLiteralException(
                      "DateTime must be a string such as \"2024-01-01\", was " + input);
                }
              })
          .build();

  /** Any scalar, coerced to its string form (migas' SafeStr). */
  static final GraphQLScalarType SAFE_STR =
      GraphQLScalarType.newScalar()
          .name("SafeStr")
          .coercing(
              new Coercing<String, String>() {
                @Override
                public String serialize(Object result, GraphQLContext c, Locale l) {
                  return String.valueOf(result);
                }

                @Override
                public String parseValue(Object input, GraphQLContext c, Locale l) {
                  if (input instanceof Map || input instanceof List) {
                    throw new CoercingParseValueException("SafeStr must be a scalar, was " + input);
                  }
                  return String.valueOf(input);
                }

                @Override
                public String parseLiteral(
                    Value<?> input, CoercedVariables v, GraphQLContext c, Locale l) {
                  if (input instanceof StringValue s) {
                    return s.getValue();
                  } else if (input instanceof IntValue i) {
                    return i.getValue().toString();
                  } else if (input instanceof FloatValue f) {
                    return f.getValue().toString();
                  } else if (input instanceof BooleanValue b) {
                    return b.isValue() ? "True" : "False";
                  } else if (input instanceof EnumValue e) {
                    return e.getName();
                  }
                  throw new CoercingParseLiteralException("SafeStr must be a scalar, was " + input);
                }
              })
          .build();

  /** Any JSON value; used for results such as get_usage's. */
  static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .coercing(
              new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object result, GraphQLContext c, Locale l) {
                  return result;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext c, Locale l) {
                  return input;
                }

                @Override
                public Object parseLiteral(
                    Value<?> input, CoercedVariables v, GraphQLContext c, Locale l) {
                  return literal(input);
                }
              })
          .build();

  private static Object literal(Value<?> input) {
    if (input instanceof StringValue s) {
      return s.getValue();
    } else if (input instanceof IntValue i) {
      return i.getValue();
    } else if (input instanceof FloatValue f) {
      return f.getValue();
    } else if (input instanceof BooleanValue b) {
      return b.isValue();
    } else if (input instanceof EnumValue e) {
      return e.getName();
    } else if (input instanceof NullValue) {
      return null;
    } else if (input instanceof ArrayValue a) {
      return a.getValues().stream().map(MigasScalars::literal).toList();
    } else if (input instanceof ObjectValue o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.getObjectFields().forEach(f -> m.put(f.getName(), literal(f.getValue())));
      return m;
    }
    throw new CoercingParseLiteralException("unsupported JSON literal " + input);
  }

  /**
   * Reads a DateTime: at most {@value #MAX_DATE_TIME_LENGTH} characters, inside {@link
   * TimeWindow}'s query bounds (years 1 to 9999).
   */
  private static <E extends RuntimeException> Instant parse(
      String text, java.util.function.Function<String, E> error) {
    if (text.length() > MAX_DATE_TIME_LENGTH) {
      throw error.apply(
          "DateTime must be at most " + MAX_DATE_TIME_LENGTH + " characters, was " + text.length());
    }
    Instant at;
    try {
      if (text.length() == 10) {
        at = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (text.endsWith("Z") || hasOffset(text)) {
        at = OffsetDateTime.parse(text).toInstant();
      } else {
        at = java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw error.apply(
          "DateTime must be \"YYYY-MM-DD\" or \"YYYY-MM-DDTHH:MM:SSZ\", was \"" + text + "\"");
    }
    if (!TimeWindow.isQueryBound(at)) {
      throw error.apply(
          "DateTime must be from "
              + TimeWindow.EARLIEST_QUERY_TEXT
              + " to "
              + TimeWindow.LATEST_QUERY_TEXT
              + ", was \""
              + text
              + "\"");
    }
    return at;
  }

  /** Whether the text ends with an offset such as {@code +02:00}. */
  private static boolean hasOffset(String text) {
    int n = text.length();
    return n >= 6
        && (text.charAt(n - 6) == '+' || text.charAt(n - 6) == '-')
        && Character.isDigit(text.charAt(n - 5))
        && Character.isDigit(text.charAt(n - 4))
        && text.charAt(n - 3) == ':'
        && Character.isDigit(text.charAt(n - 2))
        && Character.isDigit(text.charAt(n - 1));
  }
}
