package dev.upkeep.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The S3 blob store's settings: the {@code s3://} URL, what is checked, what is printed. */
class S3SettingsTest {
  @Test
  void aUrlGivesTheBucketAndThePrefixAndLeavesTheRestToTheDefaults() {
    S3Settings s = S3Settings.parse("s3://releases/upkeep/blobs-of-2026/");
    assertThat(s.bucket()).isEqualTo("releases");
    assertThat(s.prefix()).isEqualTo("upkeep/blobs-of-2026");
    assertThat(s.endpoint()).isNull();
    assertThat(s.region()).isNull();
    assertThat(s.pathStyle()).isFalse();
    assertThat(s.accessKeyId()).isNull();
    assertThat(s.secretAccessKey()).isNull();
    assertThat(s.url()).isEqualTo("s3://releases/upkeep/blobs-of-2026");
    assertThat(s.key("blobs/ab/abc")).isEqualTo("upkeep/blobs-of-2026/blobs/ab/abc");
  }

  @Test
  void theBucketAloneKeepsItsKeysAtTheTop() {
    for (String url : new String[] {"s3://releases", "s3://releases/", "S3://releases//"}) {
      S3Settings s = S3Settings.parse(url);
      assertThat(s.bucket()).isEqualTo("releases");
      assertThat(s.prefix()).isEmpty();
      assertThat(s.key("blobs/ab/abc")).isEqualTo("blobs/ab/abc");
      assertThat(s.url()).isEqualTo("s3://releases");
    }
  }

  @Test
  void whatTheUrlDoesNotSayIsAdded() {
    S3Settings s =
        S3Settings.parse("s3://releases")
            .withEndpoint(URI.create("http://127.0.0.1:9000"))
            .withRegion("eu-west-1")
            .withPathStyle(true)
            .withCredentials("upkeep", "s3cr3t");
    assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.pathStyle()).isTrue();
    assertThat(s.accessKeyId()).isEqualTo("upkeep");
    assertThat(s.secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(s.withRegion(" ").region()).as("blank is the default").isNull();
  }

  @Test
  void theSecretIsNeverPrinted() {
    S3Settings s = S3Settings.parse("s3://releases/x").withCredentials("upkeep", "s3cr3t");
    assertThat(s.toString()).contains("s3://releases/x", "upkeep").doesNotContain("s3cr3t");
  }

  @Test
  void wrongSettingsAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> S3Settings.parse("https://releases/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://bucket/prefix");
    assertThatThrownBy(() -> S3Settings.parse("s3:///x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no bucket");
    assertThatThrownBy(() -> S3Settings.parse(null)).isInstanceOf(IllegalArgumentException.class);
    S3Settings s = S3Settings.parse("s3://releases");
    assertThatThrownBy(() -> s.withEndpoint(URI.create("ftp://127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S3 endpoint must be an http:// or https:// URL");
    assertThatThrownBy(() -> s.withCredentials("upkeep", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set both, or neither");
  }
}
