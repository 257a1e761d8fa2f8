package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageCommandTest {
  @Test
  void widthComesFromColumnsWithEightyWithoutIt() {
    assertThat(UsageCommand.width(Map.of("COLUMNS", "120"))).isEqualTo(120);
    assertThat(UsageCommand.width(Map.of("COLUMNS", " 100 "))).isEqualTo(100);
    assertThat(UsageCommand.width(Map.of())).isEqualTo(80);
    assertThat(UsageCommand.width(Map.of("COLUMNS", "wide"))).isEqualTo(80);
    assertThat(UsageCommand.width(Map.of("COLUMNS", "5"))).isEqualTo(80);
  }
}
