package dev.upkeep.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlyphsTest {
  @Test
  void unicodeBlocksForUtf8AndAsciiForCharsetsWithoutThem() {
    assertThat(Glyphs.of(StandardCharsets.UTF_8)).isEqualTo(Glyphs.UNICODE);
    assertThat(Glyphs.of(StandardCharsets.UTF_16)).isEqualTo(Glyphs.UNICODE);
    assertThat(Glyphs.of(StandardCharsets.US_ASCII)).isEqualTo(Glyphs.ASCII);
    assertThat(Glyphs.of(StandardCharsets.ISO_8859_1)).isEqualTo(Glyphs.ASCII);
    assertThat(Glyphs.of(Charset.forName("windows-1252"))).isEqualTo(Glyphs.ASCII);
  }

  @Test
  void barsAreWholeBlocksThenOnePartialOne() {
    assertThat(Glyphs.UNICODE.bar(0)).isEmpty();
    assertThat(Glyphs.UNICODE.bar(1)).isEqualTo("▏");
    assertThat(Glyphs.UNICODE.bar(7)).isEqualTo("▉");
    assertThat(Glyphs.UNICODE.bar(8)).isEqualTo("█");
    assertThat(Glyphs.UNICODE.bar(21)).isEqualTo("██▋");
    assertThat(Glyphs.UNICODE.bar(20)).isEqualTo("██▌");
    assertThat(Glyphs.ASCII.bar(24)).isEqualTo("###");
    assertThat(Glyphs.UNICODE.column(3)).isEqualTo('▃');
    assertThat(Glyphs.UNICODE.column(12)).isEqualTo('█');
    assertThat(Glyphs.ASCII.column(2)).isEqualTo('.');
    assertThat(Glyphs.ASCII.column(0)).isEqualTo(' ');
  }
}
