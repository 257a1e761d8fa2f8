package dev.upkeep.client.internal.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the client reports about the machine it runs on: Java version and vendor, operating system
 * family, CPU architecture, container runtime and CI, detected once, as migas-py detects its {@code
 * ctx} (platform, container, is_ci).
 *
 * <p>Detection reads system properties, environment variables and the existence of a few files, so
 * it runs on the client's sender thread, never on the caller's. It never throws: whatever cannot be
 * read is reported as {@value #UNKNOWN}. Immutable and thread-safe.
 *
 * <p>Container detection, first match wins:
 *
 * <ol>
 *   <li>{@value #APPTAINER}: env {@code APPTAINER_CONTAINER} or {@code SINGULARITY_CONTAINER} is
 *       set, or {@code /singularity} exists (migas-py checks the file only);
 *   <li>{@value #PODMAN}: {@code /run/.containerenv} exists;
 *   <li>{@value #DOCKER}: {@code /.dockerenv} exists (as migas-py);
 *   <li>{@value #KUBERNETES}: env {@code KUBERNETES_SERVICE_HOST} is set;
 *   <li>else {@value #UNKNOWN}.
 * </ol>
 *
 * The runtime is checked before the orchestrator, and Apptainer before the others because an image
 * converted from Docker or Podman can keep their marker files.
 */
public final class Environment {
  /** Any value that could not be detected. */
  public static final String UNKNOWN = "unknown";

  /** {@link #container()} under Docker. */
  public static final String DOCKER = "docker";

  /** {@link #container()} under Podman. */
  public static final String PODMAN = "podman";

  /** {@link #container()} under Apptainer (formerly Singularity). */
  public static final String APPTAINER = "apptainer";

  /** {@link #container()} in a Kubernetes pod whose runtime left no marker file. */
  public static final String KUBERNETES = "kubernetes";

  private final String javaVersion;
  private final String javaVendor;
  private final String os;
  private final String arch;
  private final String container;
  private final CiVendors.CiInfo ci;

  private Environment(
      String javaVersion,
      String javaVendor,
      String os,
      String arch,
      String container,
      CiVendors.CiInfo ci) {
    this.javaVersion = javaVersion;
    this.javaVendor = javaVendor;
    this.os = os;
    this.arch = arch;
    this.container = container;
    this.ci = ci;
  }

  /** Detects the environment of this JVM: {@link System#getenv()}, system properties, {@code /}. */
  public static Environment current() {
    Path root;
    try {
      root = Path.of("/");
    } catch (RuntimeException e) {
      root = null;
    }
    return detect(EnvSettings.process(), System::getProperty, root);
  }

  /**
   * Detects the environment from injected sources. Never throws; null arguments count as empty.
   *
   * @param env environment variables
   * @param sysProp system property lookup, e.g. {@code System::getProperty}; may return null
   * @param root the file-system root under which {@code /.dockerenv} etc. are looked up
   */
  public static Environment detect(
      Map<String, String> env, Function<String, String> sysProp, Path root) {
    Map<String, String> e = env == null ? Collections.emptyMap() : env;
    return new Environment(
        orUnknown(prop(sysProp, "java.version")),
        orUnknown(prop(sysProp, "java.vendor")),
        osFamily(prop(sysProp, "os.name")),
        normalizeArch(prop(sysProp, "os.arch")),
        detectContainer(e, root),
        CiVendors.detect(e));
  }

  /**
   * The lower-case operating-system family of an {@code os.name}: {@code linux}, {@code darwin}
   * (Mac OS X, macOS), {@code windows} (every Windows version), {@code freebsd}, else the trimmed
   * lower-cased name; {@value #UNKNOWN} for null or blank.
   */
  public static String osFamily(String osName) {
    if (osName == null || osName.isBlank()) {
      return UNKNOWN;
    }
    String name = osName.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("linux")) {
      return "linux";
    }
    if (name.startsWith("mac") || name.startsWith("darwin")) {
      return "darwin";
    }
    if (name.startsWith("windows")) {
      return "windows";
    }
    if (name.startsWith("freebsd")) {
      return "freebsd";
    }
    return name;
  }

  static String normalizeArch(String osArch) {
    if (osArch == null || osArch.isBlank()) {
      return UNKNOWN;
    }
    String arch = osArch.trim().toLowerCase(Locale.ROOT);
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  static String detectContainer(Map<String, String> env, Path root) {
    if (isSet(env, "APPTAINER_CONTAINER")
        || isSet(env, "SINGULARITY_CONTAINER")
        || exists(root, "singularity")) {
      return APPTAINER;
    }
    if (exists(root, "run/.containerenv")) {
      return PODMAN;
    }
    if (exists(root, ".dockerenv")) {
      return DOCKER;
    }
    if (isSet(env, "KUBERNETES_SERVICE_HOST")) {
      return KUBERNETES;
    }
    return UNKNOWN;
  }

  private static boolean isSet(Map<String, String> env, String name) {
    try {
      String value = env.get(name);
      return value != null && !value.isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean exists(Path root, String relative) {
    if (root == null) {
      return false;
    }
    try {
      return Files.exists(root.resolve(relative));
    } catch (RuntimeException e) { // InvalidPathException, SecurityException
      return false;
    }
  }

  /** A system property through {@code sysProp}, or null when absent or unreadable. */
  static String prop(Function<String, String> sysProp, String name) {
    if (sysProp == null) {
      return null;
    }
    try {
      return sysProp.apply(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? UNKNOWN : value.trim();
  }

  /** {@code java.version}, e.g. {@code 17.0.2}; {@value #UNKNOWN} if not set. */
  public String javaVersion() {
    return javaVersion;
  }

  /** {@code java.vendor}, e.g. {@code Eclipse Adoptium}; {@value #UNKNOWN} if not set. */
  public String javaVendor() {
    return javaVendor;
  }

  /** Operating-system family, see {@link #osFamily(String)}, e.g. {@code linux}. */
  public String os() {
    return os;
  }

  /**
   * {@code os.arch} lower-cased, {@code amd64} reported as {@code x86_64}; {@code aarch64} kept.
   */
  public String arch() {
    return arch;
  }

  /** What migas calls the platform ({@code ctx.platform}): the {@link #os()} family. */
  public String platform() {
    return os;
  }

  /**
   * The container runtime: {@value #DOCKER}, {@value #PODMAN}, {@value #APPTAINER}, {@value
   * #KUBERNETES} or {@value #UNKNOWN}; see the class comment for the order of the checks.
   */
  public String container() {
    return container;
  }

  /**
   * The container as migas' {@code Container} enum knows it: {@code docker} for Docker and Podman,
   * {@code apptainer}, else {@code unknown} (Kubernetes included: it names no runtime).
   */
  public String migasContainer() {
    if (DOCKER.equals(container) || PODMAN.equals(container)) {
      return DOCKER;
    }
    return APPTAINER.equals(container) ? APPTAINER : UNKNOWN;
  }

  /** The CI detection result; never null. */
  public CiVendors.CiInfo ci() {
    return ci;
  }

  /**
   * One line for status output, e.g. {@code java 17.0.2 (Eclipse Adoptium), linux/x86_64, container
   * docker, ci GitHub Actions}.
   */
  @Override
  public String toString() {
    return "java "
        + javaVersion
        + " ("
        + javaVendor
        + "), "
        + os
        + "/"
        + arch
        + ", container "
        + container
        + ", ci "
        + ci;
  }
}
