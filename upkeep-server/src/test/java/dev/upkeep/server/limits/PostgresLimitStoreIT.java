package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on the local PostgreSQL (a fresh schema migrated to V8 per test, dropped after), the
 * stores used bare so that a failure shows instead of being counted locally.
 */
class PostgresLimitStoreIT extends SharedLimitStoreContract {
  private PostgresSchema pg;

  @Override
  LimitStore newStore(MutableClock clock) {
    if (pg == null) {
      pg = PostgresSchema.create();
      JdbcStores.postgres(pg.url).close();
    }
    return new PostgresLimitStore(pg.url, clock);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeStores();
    opened.clear();
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void countersAreKeptUnderTheirKeysOnlyAndSweptOnceStale() throws SQLException {
    clock.advance(Duration.ofHours(-12)); // noon: the day lasts longer than the minute
    request(store, "r:window", 10);
    events(store, "c:bucket", 30, 60);
    daily(store, "d:day", 1, 10);
    assertThat(rows()).containsExactlyInAnyOrder("c:bucket", "d:day", "r:window");

    PostgresLimitStore pgStore = (PostgresLimitStore) store;
    assertThat(pgStore.sweep()).isZero();
    clock.advance(Duration.ofSeconds(61));
    assertThat(pgStore.sweep()).isEqualTo(2);
    assertThat(rows()).containsExactly("d:day");
    clock.advance(Duration.ofDays(1));
    assertThat(pgStore.sweep()).isEqualTo(1);
    assertThat(rows()).isEmpty();
  }

  @Test
  void aRefusedDecisionLeavesOnlyNewCountersThatTheSweepRemoves() throws SQLException {
    assertThat(request(store, "r:full", 1)).isZero();
    Decision d =
        store.take(
            List.of(Charge.request("r:full", 1, WINDOW), Charge.events("c:new", 5, 10, WINDOW)));
    assertThat(d.refused()).isZero();

    assertThat(((PostgresLimitStore) store).sweep()).isEqualTo(1);
    assertThat(rows()).containsExactly("r:full");
  }

  @Test
  void theTableIsUnlogged() throws SQLException {
    try (Connection c = pg.open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT relpersistence FROM pg_class WHERE relname = 'limit_counters'"
                    + " AND relnamespace = '"
                    + pg.name
                    + "'::regnamespace")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("u");
    }
  }

  private List<String> rows() throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection c = pg.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT key FROM limit_counters ORDER BY key")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }
}
