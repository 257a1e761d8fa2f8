package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of {@code application/x-www-form-urlencoded} bodies and query strings
 * (consent, OAuth and otumat forms; docs/fuzzing.md).
 *
 * <p>Contract: {@link FormBody#parse(String)} returns the pairs or throws {@link ApiException} 400,
 * nothing else; the pairs encoded again parse to the same pairs.
 */
class FormBodyFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void parse(byte[] body) {
    FormBody form;
    try {
      form = FormBody.parse(new String(body, StandardCharsets.UTF_8));
    } catch (ApiException refused) {
      assertThat(refused.status()).isEqualTo(400);
      return;
    }
    form.repeatedName();
    StringBuilder encoded = new StringBuilder();
    for (Map.Entry<String, String> pair : form.pairs()) {
      if (encoded.length() > 0) {
        encoded.append('&');
      }
      encoded
          .append(URLEncoder.encode(pair.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(pair.getValue(), StandardCharsets.UTF_8));
    }
    assertThat(FormBody.parse(encoded.toString()).pairs()).isEqualTo(form.pairs());
  }
}
