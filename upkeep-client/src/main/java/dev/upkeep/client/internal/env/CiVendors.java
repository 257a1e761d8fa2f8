package dev.upkeep.client.internal.env;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Continuous-integration detection from environment variables, with the vendor table and rules of
 * the ci-info project (npm package {@code ci-info} 4.x, its {@code vendors.json} and {@code
 * index.js}), which migas-py's CI detection also follows.
 *
 * <p>A vendor matches when its rule holds. Rules are: a variable is <em>present</em> (set and
 * non-empty, as JavaScript's {@code !!env[name]}), a variable <em>equals</em> a value, a variable
 * <em>contains</em> a substring, <em>any of</em> several variables is present, or <em>all of</em>
 * several rules hold. When several vendors match, the last one in table order wins, as in ci-info
 * (its loop overwrites {@code name}); e.g. a Gitea runner, which also sets {@code GITHUB_ACTIONS},
 * is reported as GitHub Actions.
 *
 * <p>CI is detected when {@code CI} is not exactly {@code "false"} and either a vendor matched or
 * one of the generic variables {@link #GENERIC_VARIABLES} is present. Two vendors of older ci-info
 * releases that 4.x dropped (Shippable, Solano CI) are kept; Azure Pipelines is detected by {@code
 * TF_BUILD}, which ci-info 3.x called Team Foundation Server.
 *
 * <p>Pure function of the map it is given; never throws for any map (null values are treated as
 * unset). Thread-safe: the table is immutable.
 */
public final class CiVendors {
  /**
   * Variables that mean CI without naming a vendor, as ci-info's {@code isCI}: {@code BUILD_ID},
   * {@code BUILD_NUMBER}, {@code CI}, {@code CI_APP_ID}, {@code CI_BUILD_ID}, {@code
   * CI_BUILD_NUMBER}, {@code CI_NAME}, {@code CONTINUOUS_INTEGRATION}, {@code RUN_ID}.
   */
  public static final List<String> GENERIC_VARIABLES =
      List.of(
          "BUILD_ID", // Jenkins, Cloudbees
          "BUILD_NUMBER", // Jenkins, TeamCity
          "CI", // Travis CI, CircleCI, Cirrus CI, GitLab CI, AppVeyor, Codeship, dsari, ...
          "CI_APP_ID", // Appflow
          "CI_BUILD_ID", // Appflow
          "CI_BUILD_NUMBER", // Appflow
          "CI_NAME", // Codeship and others
          "CONTINUOUS_INTEGRATION", // Travis CI, Cirrus CI
          "RUN_ID"); // TaskCluster, dsari

  /** Vendor names to their rules, in ci-info's table order. */
  private static final List<Map.Entry<String, Predicate<Map<String, String>>>> VENDORS =
      List.of(
          vendor("Agola CI", present("AGOLA_GIT_REF")),
          vendor("Appcircle", present("AC_APPCIRCLE")),
          vendor("AppVeyor", present("APPVEYOR")),
          vendor("AWS CodeBuild", present("CODEBUILD_BUILD_ARN")),
          vendor("Azure Pipelines", present("TF_BUILD")),
          vendor("Bamboo", present("bamboo_planKey")),
          vendor("Bitbucket Pipelines", present("BITBUCKET_COMMIT")),
          vendor("Bitrise", present("BITRISE_IO")),
          vendor("Buddy", present("BUDDY_WORKSPACE_ID")),
          vendor("Buildkite", present("BUILDKITE")),
          vendor("CircleCI", present("CIRCLECI")),
          vendor("Cirrus CI", present("CIRRUS_CI")),
          vendor("Cloudflare Pages", present("CF_PAGES")),
          vendor("Cloudflare Workers", present("WORKERS_CI")),
          vendor("Codefresh", present("CF_BUILD_ID")),
          vendor("Codemagic", present("CM_BUILD_ID")),
          vendor("Codeship", equal("CI_NAME", "codeship")),
          vendor("Drone", present("DRONE")),
          vendor("dsari", present("DSARI")),
          vendor("Earthly", present("EARTHLY_CI")),
          vendor("Expo Application Services", present("EAS_BUILD")),
          vendor("Gerrit", present("GERRIT_PROJECT")),
          vendor("Gitea Actions", present("GITEA_ACTIONS")),
          vendor("GitHub Actions", present("GITHUB_ACTIONS")),
          vendor("GitLab CI", present("GITLAB_CI")),
          vendor("GoCD", present("GO_PIPELINE_LABEL")),
          vendor("Google Cloud Build", present("BUILDER_OUTPUT")),
          vendor("Harness CI", present("HARNESS_BUILD_ID")),
          vendor("Heroku", contains("NODE", "/app/.heroku/node/bin/node")),
          vendor("Hudson", present("HUDSON_URL")),
          vendor("Jenkins", allOf(present("JENKINS_URL"), present("BUILD_ID"))),
          vendor("LayerCI", present("LAYERCI")),
          vendor("Magnum CI", present("MAGNUM")),
          vendor("Netlify CI", present("NETLIFY")),
          vendor("Nevercode", present("NEVERCODE")),
          vendor("Prow", present("PROW_JOB_ID")),
          vendor("ReleaseHub", present("RELEASE_BUILD_ID")),
          vendor("Render", present("RENDER")),
          vendor("Sail CI", present("SAILCI")),
          vendor("Screwdriver", present("SCREWDRIVER")),
          vendor("Semaphore", present("SEMAPHORE")),
          vendor("Shippable", present("SHIPPABLE")), // ci-info 3.x
          vendor("Solano CI", present("TDDIUM")), // ci-info 3.x
          vendor("Sourcehut", equal("CI_NAME", "sourcehut")),
          vendor("Strider CD", present("STRIDER")),
          vendor("TaskCluster", allOf(present("TASK_ID"), present("RUN_ID"))),
          vendor("TeamCity", present("TEAMCITY_VERSION")),
          vendor("Travis CI", present("TRAVIS")),
          vendor("Vela", present("VELA")),
          vendor("Vercel", anyOf("NOW_BUILDER", "VERCEL")),
          vendor("Visual Studio App Center", present("APPCENTER_BUILD_ID")),
          vendor("Woodpecker", equal("CI", "woodpecker")),
          vendor("Xcode Cloud", present("CI_XCODE_PROJECT")),
          vendor("Xcode Server", present("XCS")));

  private static final List<String> NAMES = names(VENDORS);

  private CiVendors() {}

  /**
   * Detects CI and its vendor from {@code env}. {@code CI=false} wins over everything and yields
   * {@link CiInfo#NONE} (ci-info still fills in its {@code name} then; we report no vendor, since
   * the user said this is not CI). Never throws; a null map means no variables.
   *
   * @param env environment variables, e.g. {@link System#getenv()}
   */
  public static CiInfo detect(Map<String, String> env) {
    if (env == null) {
      return CiInfo.NONE;
    }
    try {
      if ("false".equals(env.get("CI"))) {
        return CiInfo.NONE;
      }
      String vendor = null;
      for (Map.Entry<String, Predicate<Map<String, String>>> v : VENDORS) {
        if (v.getValue().test(env)) {
          vendor = v.getKey(); // last match wins, as in ci-info
        }
      }
      boolean generic = false;
      for (String name : GENERIC_VARIABLES) {
        generic |= isPresent(env, name);
      }
      return generic || vendor != null ? new CiInfo(true, vendor) : CiInfo.NONE;
    } catch (RuntimeException e) { // e.g. a map that rejects null keys in get()
      return CiInfo.NONE;
    }
  }

  /** Vendor names in table order (54 vendors); what {@link CiInfo#vendor()} can return. */
  public static List<String> vendorNames() {
    return NAMES;
  }

  /** The result of {@link #detect}: whether this runs under CI, and which vendor. Immutable. */
  public static final class CiInfo {
    /** Not CI, no vendor. */
    public static final CiInfo NONE = new CiInfo(false, null);

    private final boolean ci;
    private final String vendor;

    private CiInfo(boolean ci, String vendor) {
      this.ci = ci;
      this.vendor = vendor;
    }

    /** Whether a CI system was detected (by vendor or by a generic variable). */
    public boolean isCi() {
      return ci;
    }

    /** The vendor's name as ci-info spells it, e.g. {@code "GitHub Actions"}; null if unknown. */
    public String vendor() {
      return vendor;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof CiInfo)) {
        return false;
      }
      CiInfo other = (CiInfo) o;
      return ci == other.ci && Objects.equals(vendor, other.vendor);
    }

    @Override
    public int hashCode() {
      return Objects.hash(ci, vendor);
    }

    /** {@code "no"}, {@code "yes"} (generic) or the vendor name. */
    @Override
    public String toString() {
      return !ci ? "no" : vendor == null ? "yes" : vendor;
    }
  }

  private static Map.Entry<String, Predicate<Map<String, String>>> vendor(
      String name, Predicate<Map<String, String>> rule) {
    return Map.entry(name, rule);
  }

  private static boolean isPresent(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  private static Predicate<Map<String, String>> present(String name) {
    return env -> isPresent(env, name);
  }

  private static Predicate<Map<String, String>> equal(String name, String value) {
    return env -> value.equals(env.get(name));
  }

  private static Predicate<Map<String, String>> contains(String name, String part) {
    return env -> {
      String value = env.get(name);
      return value != null && value.contains(part);
    };
  }

  private static Predicate<Map<String, String>> anyOf(String first, String second) {
    return env -> isPresent(env, first) || isPresent(env, second);
  }

  private static Predicate<Map<String, String>> allOf(
      Predicate<Map<String, String>> first, Predicate<Map<String, String>> second) {
    return first.and(second);
  }

  private static List<String> names(List<Map.Entry<String, Predicate<Map<String, String>>>> table) {
    List<String> names = new ArrayList<>(table.size());
    for (Map.Entry<String, Predicate<Map<String, String>>> v : table) {
      names.add(v.getKey());
    }
    return Collections.unmodifiableList(names);
  }
}
