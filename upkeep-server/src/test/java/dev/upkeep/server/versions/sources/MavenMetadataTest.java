package dev.upkeep.server.versions.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.testing.GitHubFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenMetadataTest {
  @Test
  void readsEveryVersionOfARealFileInOrder() throws Exception {
    byte[] xml =
        GitHubFixtures.resource("/maven-repository/info/picocli/picocli/maven-metadata.xml");

    List<String> versions = MavenMetadata.versions(xml, "picocli");

    assertThat(versions).hasSize(73).contains("0.9.7", "4.0.0-beta-1b", "4.7.6", "4.7.7");
    assertThat(versions.get(versions.size() - 1)).isEqualTo("4.7.7");
    assertThat(versions).doesNotHaveDuplicates();
  }

  @Test
  void readsMetadataWithManyQualifiers() throws Exception {
    byte[] xml =
        GitHubFixtures.resource(
            "/maven-repository/org/apache/maven/maven-artifact/maven-metadata.xml");

    assertThat(MavenMetadata.versions(xml, "maven-artifact"))
        .contains("2.0-alpha-1", "3.10.0-rc-1", "3.10.0", "4.0.0-rc-6");
  }

  @Test
  void aDoctypeIsRefusedSoNoEntityIsEverExpanded() {
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            + "<metadata><versioning><versions><version>&x;</version></versions></versioning>"
            + "</metadata>";

    assertThatThrownBy(() -> MavenMetadata.versions(xxe.getBytes(StandardCharsets.UTF_8), "evil"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("evil is not maven-metadata.xml: ")
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void anEntityExpansionBombIsRefused() {
    String bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
            + "<metadata><versioning><versions><version>&b;</version></versions></versioning>"
            + "</metadata>";

    assertThatThrownBy(() -> MavenMetadata.versions(bomb.getBytes(StandardCharsets.UTF_8), "x"))
        .isInstanceOf(SourceException.class);
  }

  @Test
  void garbageIsASourceExceptionNamingTheSource() {
    assertThatThrownBy(
            () ->
                MavenMetadata.versions(
                    "<html><body>502 Bad Gateway".getBytes(StandardCharsets.UTF_8), "repo"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("repo is not maven-metadata.xml");
    assertThatThrownBy(
            () -> MavenMetadata.versions("{\"versions\":[]}".getBytes(StandardCharsets.UTF_8), "r"))
        .isInstanceOf(SourceException.class);
  }

  @Test
  void anotherXmlDocumentIsRefused() {
    assertThatThrownBy(
            () ->
                MavenMetadata.versions(
                    "<project><version>1.0</version></project>".getBytes(StandardCharsets.UTF_8),
                    "pom"))
        .isInstanceOf(SourceException.class)
        .hasMessage("pom is not maven-metadata.xml: the root element is <project>");
    assertThatThrownBy(
            () -> MavenMetadata.versions("<metadata/>".getBytes(StandardCharsets.UTF_8), "m"))
        .hasMessage("m is not maven-metadata.xml: it has no <versioning>");
  }

  @Test
  void noVersionsIsAnEmptyList() throws Exception {
    byte[] xml =
        "<metadata><groupId>a</groupId><versioning><latest>1</latest></versioning></metadata>"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(MavenMetadata.versions(xml, "m")).isEmpty();
  }
}
