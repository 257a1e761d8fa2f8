package dev.upkeep.client.internal;

import dev.upkeep.protocol.WireEvent;
import java.util.List;

/**
 * The bearer token of an enrolled install, for the batches of its project. Events of other projects
 * (an app may track several) go without it, as to any open collector. Thread-safe; {@link #token()}
 * may do I/O (store, token refresh): sender thread only.
 */
public final class InstallAuth {
  private final String project;
  private final TokenKeeper keeper;

  /**
   * @param project the project the install was enrolled for ({@code owner/name})
   * @param keeper its tokens
   */
  public InstallAuth(String project, TokenKeeper keeper) {
    this.project = project;
    this.keeper = keeper;
  }

  public String project() {
    return project;
  }

  public TokenKeeper keeper() {
    return keeper;
  }

  /** Whether every event of the batch belongs to the enrolled project. */
  boolean covers(List<WireEvent> batch) {
    for (WireEvent e : batch) {
      if (!project.equals(e.project())) {
        return false;
      }
    }
    return !batch.isEmpty();
  }

  /** A valid access token (refreshed when close to expiry), or null if none is available now. */
  String token() {
    return keeper.accessToken(System.currentTimeMillis());
  }
}
