package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.protocol.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static final Credentials C =
      new Credentials("in_abc", "ua_access", "ur_refresh", 1_795_000_000_000L, "usage");

  @Test
  void jsonRoundTrip() {
    String json = C.toJson();

    assertThat(Json.parse(json))
        .isEqualTo(
            Map.of(
                "install_id", "in_abc",
                "access_token", "ua_access",
                "refresh_token", "ur_refresh",
                "expires_at_millis", 1_795_000_000_000L,
                "scope", "usage"));
    assertThat(Credentials.fromJson(json)).isEqualTo(C).hasSameHashCodeAs(C);
  }

  @Test
  void unknownMembersAreIgnoredAndScopeIsOptional() {
    Credentials c =
        Credentials.fromJson(
            "{\"install_id\":\"in_1\",\"access_token\":\"ua_1\",\"refresh_token\":\"ur_1\","
                + "\"expires_at_millis\":5,\"future\":[1,2]}");

    assertThat(c.scope()).isEmpty();
    assertThat(c.expiresAtMillis()).isEqualTo(5);
  }

  @Test
  void everyMissingOrMistypedMemberIsNamedInOneMessage() {
    assertThatThrownBy(
            () ->
                Credentials.fromJson(
                    "{\"install_id\":\"\",\"refresh_token\":7,\"expires_at_millis\":\"soon\","
                        + "\"scope\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(
            "install_id", "access_token", "refresh_token", "expires_at_millis", "scope");
    assertThatThrownBy(() -> Credentials.fromJson("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> Credentials.fromJson("{not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiresWithin() {
    long at = C.expiresAtMillis();

    assertThat(C.expiresWithin(60_000, at - 60_001)).isFalse();
    assertThat(C.expiresWithin(60_000, at - 60_000)).isTrue();
    assertThat(C.expiresWithin(60_000, at)).isTrue();
    assertThat(C.expiresWithin(60_000, at + 1)).isTrue();
    assertThat(C.expiresWithin(0, at - 1)).isFalse();
  }

  @Test
  void fromAGrantComputesTheExpiryAndKeepsAKnownInstallId() {
    OAuthClient.TokenResponse withId =
        OAuthClient.TokenResponse.granted("ua_2", "ur_2", 3600, "usage", "in_new");
    OAuthClient.TokenResponse withoutId =
        OAuthClient.TokenResponse.granted("ua_3", "ur_3", 10, null, null);

    assertThat(Credentials.from(withId, "in_old", 1_000))
        .isEqualTo(new Credentials("in_new", "ua_2", "ur_2", 3_601_000, "usage"));
    assertThat(Credentials.from(withoutId, "in_old", 1_000))
        .isEqualTo(new Credentials("in_old", "ua_3", "ur_3", 11_000, ""));
    assertThat(
            Credentials.from(
                    OAuthClient.TokenResponse.granted("ua_4", "ur_4", 1, "usage", ""), "in_old", 0)
                .installId())
        .isEqualTo("in_old");
    assertThatThrownBy(() -> Credentials.from(withoutId, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("install_id");
    assertThatThrownBy(
            () -> Credentials.from(OAuthClient.TokenResponse.refused("invalid_grant", ""), "i", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringShowsNoToken() {
    assertThat(C.toString())
        .contains("in_abc")
        .doesNotContain("ua_access")
        .doesNotContain("ur_refresh");
  }
}
