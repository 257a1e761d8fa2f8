package dev.upkeep.server.store.jdbc;

/**
 * One table compared by a {@link StoreMigration}: its rows on each side and an order-independent
 * checksum of them (the wrapping sum of a 64-bit hash of each row's values, the columns the
 * migration copies only), computed the same way on both sides.
 *
 * @param table the table; {@code event_ids} is compared with the source's events that have an id
 * @param sourceRows rows in the SQLite source
 * @param targetRows rows in the PostgreSQL target
 * @param sourceChecksum checksum of the source's rows
 * @param targetChecksum checksum of the target's rows
 */
public record TableCheck(
    String table, long sourceRows, long targetRows, long sourceChecksum, long targetChecksum) {
  /** Whether both sides hold the same rows. */
  public boolean matches() {
    return sourceRows == targetRows && sourceChecksum == targetChecksum;
  }
}
