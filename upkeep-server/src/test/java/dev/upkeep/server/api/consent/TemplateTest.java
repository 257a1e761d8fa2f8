package dev.upkeep.server.api.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Template ERROR = Template.load("error.html");

  @Test
  void textIsEscapedAndMarkupInsertedAsItIs() {
    Map<String, Object> values = new HashMap<>();
    values.put("title", "<b>it's</b> & $1");
    values.put("css", new Markup("a > b { color: \"red\" }"));
    values.put("message", new Markup("<em>built</em>"));

    String html = ERROR.render(values);

    assertThat(html)
        .contains("<title>&lt;b&gt;it&#39;s&lt;/b&gt; &amp; $1</title>")
        .contains("<style>a > b { color: \"red\" }</style>")
        .contains("<p class=\"lead\"><em>built</em></p>");
  }

  @Test
  void nullTextIsInsertedAsNothing() {
    Map<String, Object> values = new HashMap<>();
    values.put("title", null);
    values.put("css", new Markup(""));
    values.put("message", "m");

    assertThat(ERROR.render(values)).contains("<title></title>");
  }

  @Test
  void aMissingSlotOrAValueOfAnotherTypeIsNamed() {
    assertThatThrownBy(() -> ERROR.render(Map.of("title", "t", "css", new Markup(""))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("template error.html: no value for {{message}}");
    assertThatThrownBy(
            () -> ERROR.render(Map.of("title", "t", "css", new Markup(""), "message", 42)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "template error.html: {{message}} takes a String (text) or Markup, was"
                + " java.lang.Integer");
  }
}
