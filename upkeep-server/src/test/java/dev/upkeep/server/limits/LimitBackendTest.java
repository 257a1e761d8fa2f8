package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitBackendTest {
  @Test
  void memoryAndPostgresByName() {
    assertThat(LimitBackend.parse("memory")).isEqualTo(LimitBackend.MEMORY);
    assertThat(LimitBackend.parse(" Postgres ")).isEqualTo(LimitBackend.POSTGRES);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://127.0.0.1",
        "redis://cache:6380",
        "redis://cache:6379/3",
        "rediss://user:pw@cache:6380/0",
        "redis://[::1]:6379/"
      })
  void redisUrls(String url) {
    LimitBackend b = LimitBackend.parse(url);

    assertThat(b.kind()).isEqualTo(LimitBackend.Kind.REDIS);
    assertThat(b.redisUrl()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "redis", "sqlite", "redis://", "redis://host/x", "redis://h?timeout=5", "a:b"})
  void anythingElseIsRefused(String value) {
    assertThatThrownBy(() -> LimitBackend.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://");
  }

  @Test
  void passwordsAreNeverShown() {
    assertThat(LimitBackend.parse("redis://user:s3cret@cache:6379/1"))
        .hasToString("redis://user:***@cache:6379/1");
    assertThat(LimitBackend.parse("redis://s3cret@cache")).hasToString("redis://***@cache");
    assertThatThrownBy(() -> LimitBackend.parse("redis://:s3cret@cache/x"))
        .message()
        .doesNotContain("s3cret");
  }
}
