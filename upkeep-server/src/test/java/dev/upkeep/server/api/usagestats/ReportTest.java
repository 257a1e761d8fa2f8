package dev.upkeep.server.api.usagestats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static Report parse(String body) {
    return Report.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keyIsTheTextBeforeTheFirstColonAndDuplicatesStayInOrder() {
    Report r = parse("date:12.5\nk:a:b\nk:second\nnocolon\n\nlast:no newline");
    assertThat(r.pairs())
        .containsExactly(
            Map.entry("date", "12.5"),
            Map.entry("k", "a:b"),
            Map.entry("k", "second"),
            Map.entry("nocolon", ""),
            Map.entry("last", "no newline"));
    assertThat(r.first("k")).isEqualTo("a:b");
    assertThat(r.first("missing")).isNull();
  }

  @Test
  void dateMillisecondsAreNotZeroPadded() {
    assertThat(parse("date:1795235279.160\n").dateMillis()).isEqualTo(1795235279160L);
    assertThat(parse("date:10.5\n").dateMillis()).isEqualTo(10005L);
    assertThatThrownBy(() -> parse("version:1\n").dateMillis()).hasMessage("missing date field");
    assertThatThrownBy(() -> parse("date:1.5\n").dateMillis()).hasMessage("invalid date");
    assertThatThrownBy(() -> parse("date:12.1234\n").dateMillis()).hasMessage("invalid date");
  }

  @Test
  void crlfLinesAndFlags() {
    Report r = parse("date:12.5\r\nsystem:Linux;6.1.0\r\npython:3;11;7;final;0;3.11.7 (main)\r\n");
    assertThat(r.first("system")).isEqualTo("Linux;6.1.0");
    assertThat(r.platform()).isEqualTo("linux");
    assertThat(r.pythonVersion()).isEqualTo("3.11.7");
    assertThat(parse("date:12.5\n").platform()).isNull();
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aMillionLinesStopAtTheLineLimitAndInvalidUtf8IsRefused() {
    byte[] lines = "k:v\n".repeat(1_000_000).getBytes(StandardCharsets.UTF_8);
    byte[] blanks = ("\n".repeat(1_000_000) + "date:1.5\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Report.parse(lines)).hasMessage("too many lines (the limit is 1000)");
    assertThatThrownBy(() -> Report.parse(new byte[] {'k', ':', (byte) 0xff, '\n'}))
        .hasMessage("invalid encoding");
    assertThat(Report.parse(blanks).pairs()).hasSize(1);
  }
}
