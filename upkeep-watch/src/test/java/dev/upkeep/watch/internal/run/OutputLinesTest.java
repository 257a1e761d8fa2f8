package dev.upkeep.watch.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

  @Test
  void oneArgumentPerLine() {
    assertThat(OutputLines.split("1\n")).containsExactly("1");
    assertThat(OutputLines.split("a b\nc\n")).containsExactly("a b", "c");
  }

  @Test
  void keepsALastLineWithoutLineBreak() {
    // otumat splits on \n and drops the last element, losing "c"
    assertThat(OutputLines.split("a\nc")).containsExactly("a", "c");
    assertThat(OutputLines.split("42")).containsExactly("42");
  }

  @Test
  void emptyLinesAreEmptyArguments() {
    assertThat(OutputLines.split("")).isEmpty();
    assertThat(OutputLines.split("\n")).containsExactly("");
    assertThat(OutputLines.split("a\n\nb\n")).containsExactly("a", "", "b");
  }

  @Test
  void dropsACarriageReturnBeforeTheLineBreak() {
    assertThat(OutputLines.split("a\r\nb\r")).containsExactly("a", "b");
    assertThat(OutputLines.split("a\rb\n")).containsExactly("a\rb");
  }

  @Test
  void decodesUtf8AndReplacesMalformedBytes() {
    assertThat(OutputLines.split("größe\n".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("größe");
    assertThat(OutputLines.split(new byte[] {'a', (byte) 0xff, '\n'})).containsExactly("a\uFFFD");
  }

  @Test
  void joinIsWhatSplitReads() {
    List<String> args = List.of("1", "", "two words");
    assertThat(OutputLines.join(args)).isEqualTo("1\n\ntwo words\n");
    assertThat(OutputLines.split(OutputLines.join(args))).isEqualTo(args);
    assertThat(OutputLines.join(List.of())).isEmpty();
  }
}
