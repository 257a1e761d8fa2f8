package dev.upkeep.server.api.migas;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import java.time.Instant;

/**
 * A migas breadcrumb after type validation, before project checks: the fields of REST {@code POST
 * /api/breadcrumb} and of GraphQL {@code add_breadcrumb} / {@code add_project}, as migas-py 0.4.0
 * and main send them (PROTOCOLS.md section 1).
 */
record MigasCrumb(
    String project,
    String projectVersion,
    String language,
    String languageVersion,
    String userId,
    String sessionId,
    UserType userType,
    String platform,
    String container,
    boolean ci,
    RunStatus status,
    String statusDesc,
    String errorType,
    String errorDesc) {

  /** Default language when none is sent: {@value}. */
  static final String DEFAULT_LANGUAGE = "python";

  /** Default language version when none is sent: {@value}. */
  static final String DEFAULT_LANGUAGE_VERSION = "0.0.0";

  /** migas-server's exact message for a project without a slash. */
  static final String INVALID_PROJECT = "Invalid project format (expected owner/repo).";

  /** migas-server's exact message for an unregistered project. */
  static final String NOT_REGISTERED = "Project is not registered.";

  private static final int MAX_VERSION = 48;

  /** Whether the project has migas' {@code owner/repo} shape (contains a slash). */
  boolean projectFormatValid() {
    return project.contains("/");
  }

  /**
   * A version as migas-server stores it: {@code unknown} unless it matches {@code
   * ^[A-Za-z0-9._+-]+$}, then cut to 48 characters.
   */
  static String coerceVersion(String version) {
    if (version == null || !isVersionText(version)) {
      return "unknown";
    }
    return version.length() > MAX_VERSION ? version.substring(0, MAX_VERSION) : version;
  }

  /** Whether {@code version} matches {@code ^[A-Za-z0-9._+-]+$} (without a regex: hot path). */
  private static boolean isVersionText(String version) {
    if (version.isEmpty()) {
      return false;
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '+'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The event this crumb stores, stamped with the server's time. */
  UsageEvent toEvent(long projectId, Instant now) {
    return UsageEvent.builder(projectId, UsageEvent.BREADCRUMB, now)
        .version(coerceVersion(projectVersion))
        .language(language)
        .languageVersion(coerceVersion(languageVersion))
        .userId(userId)
        .sessionId(sessionId)
        .userType(userType)
        .platform(platform)
        .container(container)
        .ci(ci)
        .status(status)
        .statusDesc(statusDesc)
        .errorType(errorType)
        .errorDesc(errorDesc)
        .build();
  }
}
