package dev.upkeep.server.api.migas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void literalsAreWrittenAsTheDocumentWroteThem() {
    assertThat(
            ErrorText.clean(
                "argument 'start' with value 'StringValue{value='-999999999-01-01'}' is not a valid"
                    + " 'DateTime'"))
        .isEqualTo("argument 'start' with value '\"-999999999-01-01\"' is not a valid 'DateTime'");
    assertThat(ErrorText.clean("value 'EnumValue{name='wtf'}' and IntValue{value=5}, NullValue{}"))
        .isEqualTo("value 'wtf' and 5, null");
    assertThat(ErrorText.clean("Sure, Extra Info, StringValue{value='unterminated"))
        .isEqualTo("Sure, Extra Info, StringValue{value='unterminated");
  }
}
