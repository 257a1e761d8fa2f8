package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One enrolled installation of a project: a copy of an app whose user allowed usage tracking, in
 * otumat's install page or in Upkeep's own enrollment (OAuth 2.0 authorization code with PKCE).
 *
 * @param id install id, {@code in_} and 22 URL-safe Base64 characters; the user id of its events
 * @param projectId the project it reports usage of
 * @param flow how it was enrolled
 * @param clientId its OAuth client id, {@code ci_} and 22 URL-safe Base64 characters; unique
 * @param clientSecretHash lowercase hex SHA-256 of its client secret for a confidential client
 *     ({@link Flow#OTUMAT}, which authenticates its refresh with HTTP Basic), or null for a public
 *     client ({@link Flow#UPKEEP})
 * @param packageVersion the version reported at enrollment (otumat's {@code packageVersion}), or
 *     null when none was reported
 * @param metadata what is kept of the enrollment request, in its order, e.g. {@code
 *     operatingSystem=linux}; never a MAC address, location or time zone. Copied, unmodifiable.
 * @param createdAt when the user allowed it
 * @param revokedAt when it was revoked (its tokens are refused from then on), or null
 */
public record Install(
    String id,
    long projectId,
    Flow flow,
    String clientId,
    String clientSecretHash,
    String packageVersion,
    Map<String, String> metadata,
    Instant createdAt,
    Instant revokedAt) {

  public Install {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(createdAt, "createdAt");
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** How an install was enrolled. */
  public enum Flow {
    /** otumat's install page and routes; a confidential client with a secret. */
    OTUMAT,
    /** Upkeep's own enrollment: authorization code with PKCE; a public client. */
    UPKEEP;

    /** The stored name: {@code otumat} or {@code upkeep}. */
    public String storedName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The flow of a stored name.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Flow ofStored(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }
}
