package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OriginFormConnectionFactoryTest {
  @Test
  void targetWithoutLeadingSlashGetsOneWithItsQueryKept() {
    assertThat(OriginFormConnectionFactory.originForm("api/breadcrumb?wait=true"))
        .isEqualTo("/api/breadcrumb?wait=true");
    assertThat(OriginFormConnectionFactory.originForm("api/breadcrumb"))
        .isEqualTo("/api/breadcrumb");
    assertThat(OriginFormConnectionFactory.originForm("graphql")).isEqualTo("/graphql");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/x",
        "/api/breadcrumb?wait=true",
        "/",
        "*",
        "http://h/x",
        "https://h:8443/api/breadcrumb?wait=true",
        ""
      })
  void otherTargetsAreUnchanged(String target) {
    assertThat(OriginFormConnectionFactory.originForm(target)).isEqualTo(target);
  }

  @Test
  void relativeTargetWithAUrlInItsQueryGetsASlash() {
    assertThat(OriginFormConnectionFactory.originForm("api/x?next=http://h/y"))
        .isEqualTo("/api/x?next=http://h/y");
  }
}
