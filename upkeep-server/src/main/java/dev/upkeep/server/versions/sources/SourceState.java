package dev.upkeep.server.versions.sources;

/** How current a source's data is. */
public enum SourceState {
  /** Fetched less than the TTL ago. */
  FRESH("fresh"),
  /** Fetched longer than the TTL ago; served as it is while one refresh runs in the background. */
  STALE("stale"),
  /** The last fetch failed; its last good data (if any) is served, and the reason is told. */
  FAILING("failing"),
  /** Never fetched yet (the first fetch is under way or not started). */
  NEVER_FETCHED("never fetched");

  private final String id;

  SourceState(String id) {
    this.id = id;
  }

  /**
   * The state's name in the API: {@code fresh}, {@code stale}, {@code failing}, {@code never
   * fetched}.
   */
  public String id() {
    return id;
  }
}
