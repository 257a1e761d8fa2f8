package dev.upkeep.server.api.migas;

/**
 * graphql-java's validation messages, without the names of its syntax-tree classes: it writes a
 * literal as {@code StringValue{value='x'}}, {@code IntValue{value=5}} or {@code
 * EnumValue{name='wtf'}}; the answer says {@code "x"}, {@code 5}, {@code wtf}, as the document did.
 * One pass over the message. Stateless.
 */
final class ErrorText {
  private static final String[][] LITERALS = {
    {"StringValue{value='", "'}", "\""},
    {"EnumValue{name='", "'}", ""},
    {"IntValue{value=", "}", ""},
    {"FloatValue{value=", "}", ""},
    {"BooleanValue{value=", "}", ""},
  };

  private ErrorText() {}

  /** The message with each literal written as in the document. */
  static String clean(String message) {
    StringBuilder out = new StringBuilder(message.length());
    int i = 0;
    outer:
    while (i < message.length()) {
      if (message.charAt(i) == 'S'
          || message.charAt(i) == 'E'
          || message.charAt(i) == 'I'
          || message.charAt(i) == 'F'
          || message.charAt(i) == 'B') {
        for (String[] l : LITERALS) {
          if (message.startsWith(l[0], i)) {
            int end = message.indexOf(l[1], i + l[0].length());
            if (end >= 0) {
              out.append(l[2]).append(message, i + l[0].length(), end).append(l[2]);
              i = end + l[1].length();
              continue outer;
            }
          }
        }
      }
      out.append(message.charAt(i));
      i++;
    }
    return out.toString().replace("NullValue{}", "null");
  }
}
