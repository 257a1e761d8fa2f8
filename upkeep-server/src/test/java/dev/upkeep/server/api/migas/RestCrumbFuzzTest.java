package dev.upkeep.server.api.migas;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of migas' REST breadcrumb body, {@code POST /api/breadcrumb}, decoded
 * with the server's JSON settings (docs/fuzzing.md).
 *
 * <p>Contract: {@link RestCrumbDecoder#decode(byte[])} returns a breadcrumb with a project and a
 * version, or throws {@link ApiException} with 400 or 422, nothing else.
 */
class RestCrumbFuzzTest {
  private static final RestCrumbDecoder DECODER =
      new RestCrumbDecoder(
          new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void decode(byte[] body) {
    MigasCrumb crumb;
    try {
      crumb = DECODER.decode(body);
    } catch (ApiException refused) {
      assertThat(refused.status()).isIn(400, 422);
      return;
    }
    assertThat(crumb.project()).isNotNull();
    assertThat(crumb.projectVersion()).isNotNull();
  }
}
