package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {
  @Test
  void decodesPairsInOrder() {
    FormBody f = FormBody.parse("b=x+y&a=%C3%A9%26&empty=&flag&&b=2");

    assertThat(f.pairs())
        .containsExactly(
            Map.entry("b", "x y"),
            Map.entry("a", "é&"),
            Map.entry("empty", ""),
            Map.entry("flag", ""),
            Map.entry("b", "2"));
    assertThat(f.first("b")).isEqualTo("x y");
    assertThat(f.first("missing")).isNull();
    assertThat(f.repeatedName()).isEqualTo("b");
  }

  @Test
  void emptyIsNoPairs() {
    assertThat(FormBody.parse("").pairs()).isEmpty();
    assertThat(FormBody.parse("").repeatedName()).isNull();
  }

  @Test
  void malformedEscapeIsA400NamingIt() {
    assertThatThrownBy(() -> FormBody.parse("a=%zz"))
        .isInstanceOf(ApiException.class)
        .hasMessage("Malformed percent-encoding in \"%zz\".");
  }
}
