package dev.upkeep.client.internal.transport;

/**
 * The access tokens of an enrolled install, for the batches of its project. Events of other
 * projects (an app may track several) go without a token, as to any open collector. Implementations
 * are thread-safe; {@link #accessToken} may do I/O (store, token refresh): sender thread only.
 */
public interface InstallAuth {
  /** The project the install was enrolled for ({@code owner/name}). */
  String project();

  /**
   * A bearer token valid at {@code nowMillis} (refreshed first when close to expiry).
   *
   * @param nowMillis the current time, epoch milliseconds (from the client's clock)
   * @return the access token, or null if none is available now
   */
  String accessToken(long nowMillis);
}
