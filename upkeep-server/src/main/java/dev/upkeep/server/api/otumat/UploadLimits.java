package dev.upkeep.server.api.otumat;

/**
 * The bounds of one otumat event upload ({@code POST .../api/usage-event}); see {@link EventRoute}
 * for what happens at each.
 *
 * @param maxBodyBytes largest body read, in bytes (setting {@code otumat-max-body-bytes}, default
 *     {@link #DEFAULT_MAX_BODY_BYTES}); a larger body is 413
 * @param maxRows most rows stored from one request (setting {@code otumat-max-rows}, default {@link
 *     #DEFAULT_MAX_ROWS}); rows past it are counted as dropped and the answer is still 200
 * @param partSize most events committed in one part (setting {@code max-batch}, the ingest
 *     pipeline's largest group commit)
 */
public record UploadLimits(int maxBodyBytes, int maxRows, int partSize) {
  /**
   * Default {@code otumat-max-body-bytes}: 32 MiB, about 700 000 rows as otumat 0.3 writes them
   * ({@code ["2024-05-01 10:00:00.123456", "import"]}, about 45 bytes), well above {@link
   * #DEFAULT_MAX_ROWS} rows even at the longest event type. The body is read as a stream, so it
   * costs reading time, not memory.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

  /**
   * Default {@code otumat-max-rows}: {@value}. Rows past it are dropped, counted in the 200 answer,
   * so that otumat clears its cache instead of resending it forever.
   */
  public static final int DEFAULT_MAX_ROWS = 50_000;

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
