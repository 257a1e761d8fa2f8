package dev.upkeep.server.api.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page template from the class path with {@code {{name}}} slots. A slot's value is text, escaped
 * as it is inserted ({@link Html#escape}), unless the caller gives it as {@link Markup}: HTML it
 * built itself with its text escaped, inserted as it is. Immutable, thread-safe.
 */
final class Template {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z]+)}}");

  private final String name;
  private final String text;

  private Template(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /**
   * Loads a resource next to this class.
   *
   * @throws IllegalStateException when it is missing from the jar
   */
  static Template load(String resource) {
    return new Template(resource, resource(resource));
  }

  /** A resource next to this class as UTF-8 text. */
  static String resource(String resource) {
    try (InputStream in = Template.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  /**
   * The template with every slot filled.
   *
   * @param values of each slot: a {@code String} is text, escaped (null is inserted as nothing); a
   *     {@link Markup} is inserted as it is
   * @throws IllegalStateException naming a slot {@code values} has no entry for
   * @throws IllegalArgumentException naming a slot whose value is neither text nor markup
   */
  String render(Map<String, ?> values) {
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 2048);
    while (m.find()) {
      String slot = m.group(1);
      if (!values.containsKey(slot)) {
        throw new IllegalStateException("template " + name + ": no value for {{" + slot + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(html(slot, values.get(slot))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String html(String slot, Object value) {
    if (value instanceof Markup markup) {
      return markup.html();
    }
    if (value == null || value instanceof String) {
      return Html.escape((String) value);
    }
    throw new IllegalArgumentException(
        "template "
            + name
            + ": {{"
            + slot
            + "}} takes a String (text) or Markup, was "
            + value.getClass().getName());
  }
}
