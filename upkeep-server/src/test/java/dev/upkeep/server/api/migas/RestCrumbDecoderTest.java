package dev.upkeep.server.api.migas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestCrumbDecoderTest {
  /** The exact body migas-py main sends (PROTOCOLS.md 1.2). */
  private static final String MIGAS_PY_MAIN_BODY =
      "{\"project\": \"nipreps/nipreps\", \"project_version\": \"1.0.0\", \"language\":"
          + " \"python\", \"language_version\": \"3.11.7\", \"ctx\": {\"user_id\":"
          + " \"3571e622-beaf-3c5e-b094-65f5809f8c1f\", \"platform\": \"linux\", \"container\":"
          + " \"docker\", \"is_ci\": false}}";

  private final ObjectMapper json = new ObjectMapper();
  private final RestCrumbDecoder decoder = new RestCrumbDecoder(json);

  @Test
  void decodesTheExactBodyOfMigasPyMain() {
    MigasCrumb c = decode(MIGAS_PY_MAIN_BODY);

    assertThat(c)
        .isEqualTo(
            new MigasCrumb(
                "nipreps/nipreps",
                "1.0.0",
                "python",
                "3.11.7",
                "3571e622-beaf-3c5e-b094-65f5809f8c1f",
                null,
                UserType.GENERAL,
                "linux",
                "docker",
                false,
                RunStatus.R,
                null,
                null,
                null));
    assertThat(c.projectFormatValid()).isTrue();
  }

  @Test
  void decodesEveryBreadcrumbCapturedFromMigasPyMain() throws IOException {
    List<MigasCrumb> crumbs = new ArrayList<>();
    for (String body : capturedBreadcrumbBodies()) {
      crumbs.add(decode(body));
    }

    assertThat(crumbs).hasSize(4);
    assertThat(crumbs)
        .extracting(MigasCrumb::status)
        .containsExactly(RunStatus.R, RunStatus.F, RunStatus.R, RunStatus.C);
    MigasCrumb failed = crumbs.get(1);
    assertThat(failed.sessionId()).isEqualTo("11111111-1111-1111-1111-111111111111");
    assertThat(failed.statusDesc()).isEqualTo("Errored");
    assertThat(failed.errorType()).isEqualTo("ValueError");
    assertThat(failed.errorDesc()).isEqualTo("boom");
    assertThat(crumbs.get(2).statusDesc()).isEqualTo("Started");
    assertThat(crumbs.get(3).statusDesc()).isEqualTo("Completed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"project\": \"a/b\", \"project_version\": \"1.0\"}",
        "{\"project\": \"a/b\", \"project_version\": \"1.0\", \"ctx\": {}, \"proc\": {}}",
        "{\"project\": \"a/b\", \"project_version\": \"1.0\", \"ctx\": null, \"proc\": null}",
        "{\"project\": \"a/b\", \"project_version\": \"1.0\", \"language\": null,"
            + " \"language_version\": null, \"ctx\": {\"user_id\": null, \"platform\": null,"
            + " \"is_ci\": null}, \"proc\": {\"status\": null}}"
      })
  void absentEmptyOrNullFieldsTakeTheirDefaults(String body) {
    MigasCrumb c = decode(body);

    assertThat(c)
        .isEqualTo(
            new MigasCrumb(
                "a/b",
                "1.0",
                "python",
                "0.0.0",
                null,
                null,
                UserType.GENERAL,
                "unknown",
                "unknown",
                false,
                RunStatus.R,
                null,
                null,
                null));
  }

  @Test
  void unknownKeysAreIgnored() {
    MigasCrumb c =
        decode(
            "{\"project\": \"a/b\", \"project_version\": \"1\", \"extra\": [1, 2],"
                + " \"ctx\": {\"shell\": \"zsh\", \"user_type\": \"ci\", \"is_ci\": true},"
                + " \"proc\": {\"pid\": 7, \"status\": \"S\"}}");

    assertThat(c.userType()).isEqualTo(UserType.CI);
    assertThat(c.ci()).isTrue();
    assertThat(c.status()).isEqualTo(RunStatus.S);
  }

  @Test
  void anyScalarProcTextIsCoercedToAString() {
    MigasCrumb c =
        decode(
            "{\"project\": \"a/b\", \"project_version\": \"1\", \"proc\": {\"status\": \"F\","
                + " \"status_desc\": 42, \"error_type\": true, \"error_desc\": 1.5}}");

    assertThat(c.statusDesc()).isEqualTo("42");
    assertThat(c.errorType()).isEqualTo("true");
    assertThat(c.errorDesc()).isEqualTo("1.5");
  }

  @Test
  void projectWithoutSlashDecodesButIsNotAValidProjectFormat() {
    assertThat(
            decode("{\"project\": \"nipreps\", \"project_version\": \"1\"}").projectFormatValid())
        .isFalse();
  }

  @Test
  void reportsEveryProblemTogether() {
    ApiException e =
        reject(
            "{\"project_version\": \"1.0.0\", \"ctx\": {\"user_id\": \"nope\", \"is_ci\":"
                + " \"yes\"}, \"proc\": {\"status\": \"wtf\"}}");

    assertThat(e.status()).isEqualTo(422);
    assertThat(problems(e))
        .extracting(p -> p.get("type"), p -> p.get("loc"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("missing", List.of("body", "project")),
            org.assertj.core.groups.Tuple.tuple("uuid_parsing", List.of("body", "ctx", "user_id")),
            org.assertj.core.groups.Tuple.tuple("bool_type", List.of("body", "ctx", "is_ci")),
            org.assertj.core.groups.Tuple.tuple("enum", List.of("body", "proc", "status")));
    assertThat(problems(e)).allSatisfy(p -> assertThat((String) p.get("msg")).isNotBlank());
  }

  @Test
  void wrongTypesAreReportedWithTheirLocation() {
    ApiException e =
        reject(
            "{\"project\": 5, \"project_version\": null, \"language\": 3, \"ctx\": [],"
                + " \"proc\": {\"status_desc\": {\"a\": 1}}}");

    assertThat(problems(e))
        .extracting(p -> p.get("type"), p -> p.get("loc"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("string_type", List.of("body", "project")),
            org.assertj.core.groups.Tuple.tuple("string_type", List.of("body", "project_version")),
            org.assertj.core.groups.Tuple.tuple("string_type", List.of("body", "language")),
            org.assertj.core.groups.Tuple.tuple("model_type", List.of("body", "ctx")),
            org.assertj.core.groups.Tuple.tuple(
                "string_type", List.of("body", "proc", "status_desc")));
  }

  @Test
  void badEnumValuesAreReported() {
    ApiException e =
        reject(
            "{\"project\": \"a/b\", \"project_version\": \"1\", \"ctx\": {\"user_type\": \"bot\","
                + " \"container\": \"podman\", \"session_id\": 12}, \"proc\": {\"status\":"
                + " \"running\"}}");

    assertThat(problems(e))
        .extracting(p -> p.get("type"), p -> p.get("loc"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("enum", List.of("body", "ctx", "user_type")),
            org.assertj.core.groups.Tuple.tuple("enum", List.of("body", "ctx", "container")),
            org.assertj.core.groups.Tuple.tuple(
                "uuid_parsing", List.of("body", "ctx", "session_id")),
            org.assertj.core.groups.Tuple.tuple("enum", List.of("body", "proc", "status")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"project\": ", "{project: \"a/b\"}", "not json", "{\"a\": 1,}"})
  void malformedJsonIsA422JsonInvalid(String body) {
    ApiException e = reject(body);

    assertThat(e.status()).isEqualTo(422);
    assertThat(problems(e)).hasSize(1);
    Map<String, Object> p = problems(e).get(0);
    assertThat(p.get("type")).isEqualTo("json_invalid");
    assertThat((List<?>) p.get("loc")).hasSize(2).first().isEqualTo("body");
    assertThat((String) p.get("msg")).startsWith("JSON decode error");
  }

  @Test
  void malformedJsonLocationIsThePositionOfTheError() {
    ApiException e = reject("{\"project\": ");

    Object position = ((List<?>) problems(e).get(0).get("loc")).get(1);
    assertThat(((Number) position).longValue()).isNotNegative();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"a/b\"", "42", "null", ""})
  void nonObjectBodyIsA422(String body) {
    ApiException e = reject(body);

    assertThat(e.status()).isEqualTo(422);
    assertThat(problems(e)).extracting(p -> p.get("type")).containsExactly("model_attributes_type");
  }

  @Test
  void coerceVersionKeepsValidVersions() {
    assertThat(MigasCrumb.coerceVersion("1.0.0")).isEqualTo("1.0.0");
    assertThat(MigasCrumb.coerceVersion("24.1.0rc1+g3a2b_dirty-x"))
        .isEqualTo("24.1.0rc1+g3a2b_dirty-x");
  }

  @Test
  void coerceVersionReplacesInvalidVersionsWithUnknown() {
    assertThat(MigasCrumb.coerceVersion("1.0 beta")).isEqualTo("unknown");
    assertThat(MigasCrumb.coerceVersion("")).isEqualTo("unknown");
    assertThat(MigasCrumb.coerceVersion("1.0/2")).isEqualTo("unknown");
    assertThat(MigasCrumb.coerceVersion(null)).isEqualTo("unknown");
  }

  @Test
  void coerceVersionCutsTo48Characters() {
    String sixty = "1." + "0".repeat(58);

    assertThat(sixty).hasSize(60);
    assertThat(MigasCrumb.coerceVersion(sixty)).isEqualTo(sixty.substring(0, 48)).hasSize(48);
    String exactly48 = "2." + "1".repeat(46);
    assertThat(MigasCrumb.coerceVersion(exactly48)).isEqualTo(exactly48);
  }

  @Test
  void eventCarriesTheCoercedVersionsAndTheServerTime() {
    MigasCrumb c =
        decode(
            "{\"project\": \"a/b\", \"project_version\": \"1.0 beta\", \"language_version\":"
                + " \"3.12.1\", \"ctx\": {\"user_type\": \"dev\"}}");
    Instant now = Instant.parse("2024-05-01T12:00:00Z");

    UsageEvent e = c.toEvent(7, now);

    assertThat(e.eventId()).isNull();
    assertThat(e.projectId()).isEqualTo(7);
    assertThat(e.kind()).isEqualTo(UsageEvent.BREADCRUMB);
    assertThat(e.timestamp()).isEqualTo(now);
    assertThat(e.version()).isEqualTo("unknown");
    assertThat(e.language()).isEqualTo("python");
    assertThat(e.languageVersion()).isEqualTo("3.12.1");
    assertThat(e.userType()).isEqualTo(UserType.DEV);
    assertThat(e.platform()).isEqualTo("unknown");
    assertThat(e.attributes()).isEmpty();
  }

  private MigasCrumb decode(String body) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void trailingGarbageAfterTheObjectIsInvalidJson() {
    ApiException e = reject("{\"project\": \"a/b\", \"project_version\": \"1\"}x");

    assertThat(problems(e).get(0).get("type")).isEqualTo("json_invalid");
  }

  @Test
  void userIdMustBeACanonicalOrHexUuid() {
    ApiException e =
        reject(
            "{\"project\": \"a/b\", \"project_version\": \"1\", \"ctx\": {\"user_id\":"
                + " \"1-1-1-1-1\"}}");
    assertThat(problems(e).get(0).get("type")).isEqualTo("uuid_parsing");

    MigasCrumb hex =
        decode(
            "{\"project\": \"a/b\", \"project_version\": \"1\", \"ctx\": {\"user_id\":"
                + " \"3571E622BEAF3C5EB09465F5809F8C1F\"}}");
    assertThat(hex.userId()).isEqualTo("3571e622-beaf-3c5e-b094-65f5809f8c1f");
  }

  private ApiException reject(String body) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> decode(body));
    assertThat(e).as("decoding %s is refused", body).isNotNull();
    return e;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> problems(ApiException e) {
    assertThat(e.detail()).isInstanceOf(List.class);
    return (List<Map<String, Object>>) e.detail();
  }

  /** The REST breadcrumb bodies in the capture of migas-py main (see fixtures/README.md). */
  private List<String> capturedBreadcrumbBodies() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/migas-requests/migas-py-main.json")) {
      assertThat(in).as("fixture on the test class path").isNotNull();
      List<String> bodies = new ArrayList<>();
      for (JsonNode request : json.readTree(in)) {
        if (request.get("request_line").asText().contains("/api/breadcrumb")) {
          bodies.add(request.get("body").asText());
        }
      }
      return bodies;
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void aMillionNestedBracketsAre422NamingTheDepthLimit() {
    RestCrumbDecoder limited = new RestCrumbDecoder(dev.upkeep.server.http.JsonLimits.mapper());
    byte[] deep =
        ("{\"project\":\"a/b\",\"ctx\":" + "[".repeat(1_000_000) + "]".repeat(1_000_000) + "}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> limited.decode(deep))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.detail().toString())
                  .contains("json_invalid")
                  .contains("Document nesting depth (65) exceeds the maximum allowed (64)")
                  .doesNotContain("StreamReadConstraints");
            });
  }
}
