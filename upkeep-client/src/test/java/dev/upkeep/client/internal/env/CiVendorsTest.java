package dev.upkeep.client.internal.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CiVendorsTest {

  private static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  @Test
  void emptyEnvironmentIsNotCi() {
    CiVendors.CiInfo info = CiVendors.detect(Collections.emptyMap());

    assertThat(info.isCi()).isFalse();
    assertThat(info.vendor()).isNull();
    assertThat(info).isEqualTo(CiVendors.CiInfo.NONE).hasToString("no");
  }

  @Test
  void nullMapIsNotCi() {
    assertThat(CiVendors.detect(null)).isEqualTo(CiVendors.CiInfo.NONE);
  }

  @ParameterizedTest
  @CsvSource({
    "GITHUB_ACTIONS, true, GitHub Actions",
    "GITLAB_CI, true, GitLab CI",
    "CIRCLECI, true, CircleCI",
    "TRAVIS, true, Travis CI",
    "TF_BUILD, True, Azure Pipelines",
    "APPVEYOR, True, AppVeyor",
    "BITBUCKET_COMMIT, abc, Bitbucket Pipelines",
    "BITRISE_IO, true, Bitrise",
    "BUILDKITE, true, Buildkite",
    "CODEBUILD_BUILD_ARN, arn:aws:codebuild:x, AWS CodeBuild",
    "BUILDER_OUTPUT, /builder/outputs, Google Cloud Build",
    "CF_BUILD_ID, 1, Codefresh",
    "DRONE, true, Drone",
    "TEAMCITY_VERSION, 2023.1, TeamCity",
    "bamboo_planKey, PROJ-PLAN, Bamboo",
    "BUDDY_WORKSPACE_ID, 1, Buddy",
    "SEMAPHORE, true, Semaphore",
    "NETLIFY, true, Netlify CI",
    "RENDER, true, Render",
    "CIRRUS_CI, true, Cirrus CI",
    "CM_BUILD_ID, 1, Codemagic",
    "EAS_BUILD, true, Expo Application Services",
    "HARNESS_BUILD_ID, 1, Harness CI",
    "HUDSON_URL, http://h, Hudson",
    "LAYERCI, true, LayerCI",
    "MAGNUM, true, Magnum CI",
    "NEVERCODE, true, Nevercode",
    "RELEASE_BUILD_ID, 1, ReleaseHub",
    "SAILCI, true, Sail CI",
    "SCREWDRIVER, true, Screwdriver",
    "SHIPPABLE, true, Shippable",
    "TDDIUM, true, Solano CI",
    "STRIDER, true, Strider CD",
    "APPCENTER_BUILD_ID, 1, Visual Studio App Center",
    "CI_XCODE_PROJECT, App.xcodeproj, Xcode Cloud",
    "XCS, 1, Xcode Server",
    "DSARI, 1, dsari",
    "AC_APPCIRCLE, true, Appcircle",
    "CF_PAGES, 1, Cloudflare Pages",
    "WORKERS_CI, 1, Cloudflare Workers",
    "EARTHLY_CI, true, Earthly",
    "PROW_JOB_ID, 1, Prow",
    "VELA, true, Vela",
    "NOW_BUILDER, 1, Vercel",
    "VERCEL, 1, Vercel",
    "GITEA_ACTIONS, true, Gitea Actions",
    "GERRIT_PROJECT, p, Gerrit",
    "GO_PIPELINE_LABEL, 1, GoCD",
    "AGOLA_GIT_REF, refs/heads/main, Agola CI",
  })
  void detectsVendorByPresentVariable(String name, String value, String vendor) {
    CiVendors.CiInfo info = CiVendors.detect(env(name, value));

    assertThat(info.isCi()).isTrue();
    assertThat(info.vendor()).isEqualTo(vendor);
    assertThat(info).hasToString(vendor);
  }

  @Test
  void equalsRulesNeedTheExactValue() {
    assertThat(CiVendors.detect(env("CI_NAME", "codeship")).vendor()).isEqualTo("Codeship");
    assertThat(CiVendors.detect(env("CI_NAME", "sourcehut")).vendor()).isEqualTo("Sourcehut");
    assertThat(CiVendors.detect(env("CI", "woodpecker")).vendor()).isEqualTo("Woodpecker");

    CiVendors.CiInfo other = CiVendors.detect(env("CI_NAME", "Codeship"));
    assertThat(other.isCi()).isTrue(); // CI_NAME is a generic variable
    assertThat(other.vendor()).isNull();
  }

  @Test
  void allOfRulesNeedEveryVariable() {
    assertThat(CiVendors.detect(env("JENKINS_URL", "http://j")).isCi()).isFalse();
    assertThat(CiVendors.detect(env("JENKINS_URL", "http://j", "BUILD_ID", "7")).vendor())
        .isEqualTo("Jenkins");

    CiVendors.CiInfo taskOnly = CiVendors.detect(env("TASK_ID", "t"));
    assertThat(taskOnly.isCi()).isFalse();
    assertThat(CiVendors.detect(env("TASK_ID", "t", "RUN_ID", "0")).vendor())
        .isEqualTo("TaskCluster");
  }

  @Test
  void containsRuleMatchesHerokuNode() {
    assertThat(CiVendors.detect(env("NODE", "/app/.heroku/node/bin/node")).vendor())
        .isEqualTo("Heroku");
    assertThat(CiVendors.detect(env("NODE", "/usr/bin/node")).isCi()).isFalse();
  }

  @Test
  void emptyValueIsNotPresent() {
    assertThat(CiVendors.detect(env("GITHUB_ACTIONS", "")).isCi()).isFalse();
    assertThat(CiVendors.detect(env("CI", "")).isCi()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "BUILD_ID, 1",
    "BUILD_NUMBER, 1",
    "CI, true",
    "CI, 1",
    "CI_APP_ID, x",
    "CI_BUILD_ID, x",
    "CI_BUILD_NUMBER, 1",
    "CI_NAME, custom",
    "CONTINUOUS_INTEGRATION, true",
    "RUN_ID, 1",
  })
  void genericVariableMeansCiWithoutVendor(String name, String value) {
    CiVendors.CiInfo info = CiVendors.detect(env(name, value));

    assertThat(info.isCi()).isTrue();
    assertThat(info.vendor()).isNull();
    assertThat(info).hasToString("yes");
  }

  @Test
  void ciFalseWinsOverEverything() {
    CiVendors.CiInfo info =
        CiVendors.detect(env("CI", "false", "GITHUB_ACTIONS", "true", "BUILD_NUMBER", "3"));

    assertThat(info).isEqualTo(CiVendors.CiInfo.NONE);
  }

  @Test
  void ciFalseIsCaseSensitiveAsInCiInfo() {
    assertThat(CiVendors.detect(env("CI", "FALSE")).isCi()).isTrue();
  }

  @Test
  void lastMatchingVendorWinsAsInCiInfo() {
    CiVendors.CiInfo gitea =
        CiVendors.detect(env("GITEA_ACTIONS", "true", "GITHUB_ACTIONS", "true", "CI", "true"));

    assertThat(gitea.vendor()).isEqualTo("GitHub Actions");
  }

  @Test
  void vendorTableHasEveryCiInfoVendor() {
    assertThat(CiVendors.vendorNames())
        .hasSize(54)
        .doesNotHaveDuplicates()
        .contains("GitHub Actions", "Jenkins", "Woodpecker", "Xcode Server", "Heroku");
  }

  @Test
  void nullValuesCountAsUnset() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", null);
    env.put("GITHUB_ACTIONS", null);

    assertThat(CiVendors.detect(env)).isEqualTo(CiVendors.CiInfo.NONE);
  }
}
