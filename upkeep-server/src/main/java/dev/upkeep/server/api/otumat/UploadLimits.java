package dev.upkeep.server.api.otumat;

/**
 * The bounds of one otumat event upload ({@code POST .../api/usage-event}); see {@link EventRoute}
 * for what happens at each.
 *
 * @param maxBodyBytes largest body read, in bytes (setting {@code otumat-max-body-bytes}, default
 *     {@code dev.upkeep.server.ServerConfig#DEFAULT_OTUMAT_MAX_BODY_BYTES}); a larger body is 413
 * @param maxRows most rows stored from one request (setting {@code otumat-max-rows}, default {@code
 *     dev.upkeep.server.ServerConfig#DEFAULT_OTUMAT_MAX_ROWS}); rows past it are counted as dropped
 *     and the answer is still 200
 * @param partSize most events committed in one part (setting {@code max-batch}, the ingest
 *     pipeline's largest group commit)
 */
public record UploadLimits(int maxBodyBytes, int maxRows, int partSize) {
  public UploadLimits {
    if (maxBodyBytes <= 0 || maxRows <= 0 || partSize <= 0) {
      throw new IllegalArgumentException(
          "upload limits must be positive, were maxBodyBytes="
              + maxBodyBytes
              + ", maxRows="
              + maxRows
              + ", partSize="
              + partSize);
    }
  }
}
