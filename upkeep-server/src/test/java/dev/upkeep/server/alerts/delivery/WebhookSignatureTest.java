package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature scheme: the documented vector, verification and what it refuses. */
class WebhookSignatureTest {
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  private static final long T = 1764504000L;
  private static final Instant AT_T = Instant.ofEpochSecond(T);
  private static final Duration FIVE_MIN = Duration.ofMinutes(5);

  @Test
  void signsAsPythonHmacAndOpensslDo() {
    // python3: hmac.new(b"whsec_test", b'1764504000.{"a":1}', hashlib.sha256).hexdigest()
    // shell: printf '%s' '1764504000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    assertThat(WebhookSignature.sign("whsec_test", T, BODY))
        .isEqualTo(
            "t=1764504000,v1=88e5250e0a72ecfc033155d64c9689a625d5b3c6648db33c96ccb2737be39319");
  }

  @Test
  void verifiesItsOwnSignatureWithinTheTolerance() {
    String header = WebhookSignature.sign("s3cret", T, BODY);
    assertThat(WebhookSignature.verify("s3cret", header, BODY, AT_T, FIVE_MIN)).isTrue();
    assertThat(WebhookSignature.verify("s3cret", header, BODY, AT_T.plusSeconds(300), FIVE_MIN))
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                "s3cret", header, "{\"a\":1}", AT_T.minusSeconds(299), FIVE_MIN))
        .isTrue();
  }

  @Test
  void refusesAnOldTimestampAReplay() {
    String header = WebhookSignature.sign("s3cret", T, BODY);
    assertThat(WebhookSignature.verify("s3cret", header, BODY, AT_T.plusSeconds(301), FIVE_MIN))
        .isFalse();
  }

  @Test
  void refusesAnotherBodySecretOrTimestamp() {
    String header = WebhookSignature.sign("s3cret", T, BODY);
    assertThat(WebhookSignature.verify("s3cret", header, "{\"a\":2}", AT_T, FIVE_MIN)).isFalse();
    assertThat(WebhookSignature.verify("other", header, BODY, AT_T, FIVE_MIN)).isFalse();
    String moved = header.replace("t=" + T, "t=" + (T + 1));
    assertThat(WebhookSignature.verify("s3cret", moved, BODY, AT_T, FIVE_MIN)).isFalse();
  }

  @Test
  void acceptsOneMatchingValueAmongSeveral() {
    String good = WebhookSignature.sign("new", T, BODY);
    String old = WebhookSignature.sign("old", T, BODY).substring(("t=" + T + ",").length());
    String header = good + "," + old;
    assertThat(WebhookSignature.verify("new", header, BODY, AT_T, FIVE_MIN)).isTrue();
    assertThat(WebhookSignature.verify("old", header, BODY, AT_T, FIVE_MIN)).isTrue();
  }

  @Test
  void malformedHeadersAreNotValidAndDoNotThrow() {
    for (String header :
        new String[] {
          null,
          "",
          "garbage",
          "t=abc,v1=00",
          "v1=" + "0".repeat(64),
          "t=" + T,
          "t=1,t=2,v1=x",
          "t=" + T + ",v1=zz"
        }) {
      assertThat(WebhookSignature.verify("s3cret", header, BODY, AT_T, FIVE_MIN))
          .as(String.valueOf(header))
          .isFalse();
    }
  }

  @Test
  void anEmptySecretOrNegativeToleranceIsAnError() {
    assertThatThrownBy(() -> WebhookSignature.sign("", T, BODY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret must not be empty");
    assertThatThrownBy(
            () -> WebhookSignature.verify("s", "t=1,v1=00", BODY, AT_T, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tolerance must be zero or more, was PT-1S");
  }
}
