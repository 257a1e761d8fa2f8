package dev.upkeep.server.api.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page template from the class path with {@code {{name}}} slots. Values are inserted as they are,
 * so callers pass HTML (text escaped with {@link Html#escape}). Immutable, thread-safe.
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
   * @throws IllegalStateException naming a slot {@code html} has no value for
   */
  String render(Map<String, String> html) {
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 2048);
    while (m.find()) {
      String value = html.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "template " + name + ": no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
