package dev.upkeep.server.api.usagestats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of a usagestats report body, {@code key:value} lines (docs/fuzzing.md).
 *
 * <p>Contract: {@link Report#parse(byte[])} never throws; {@link Report#dateMillis()} returns or
 * throws {@link IllegalStateException} ({@code missing date field} / {@code invalid date}, which
 * the drop point answers as the reference server does); the flags never throw. The pairs written
 * back as {@code key:value} lines (CRLF) parse to the same pairs.
 */
class ReportFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void parse(byte[] body) {
    Report report = Report.parse(body);
    try {
      report.dateMillis();
    } catch (IllegalStateException refused) {
      assertThat(refused.getMessage()).isIn("missing date field", "invalid date");
    }
    report.pythonVersion();
    report.platform();

    StringBuilder written = new StringBuilder();
    for (Map.Entry<String, String> pair : report.pairs()) {
      written.append(pair.getKey()).append(':').append(pair.getValue()).append("\r\n");
    }
    assertThat(Report.parse(written.toString().getBytes(StandardCharsets.UTF_8)).pairs())
        .isEqualTo(report.pairs());
  }
}
