package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's statements that look rows up by a batch of keys keep doing so by primary key when
 * their plan was made on an empty table and cached (pgjdbc prepares a statement on the server after
 * five runs; PostgreSQL then may keep one generic plan for the connection's life). A join of the
 * keys with the table planned on an empty table is a scan of it, kept as the table grows: measured
 * before the fix, 1.7 ms a lookup of a few users in a table of 5 000; with the fix, two collectors
 * of the breadcrumb scale-out benchmark went from 2 420 to 4 096 events/s.
 */
class PostgresPlansIT {
  private PostgresSchema schema;

  @BeforeEach
  void migrate() {
    schema = PostgresSchema.create();
    try (Store store = JdbcStores.postgres(schema.url)) {
      store.projects().register("plans/p").orElseThrow();
    }
  }

  @AfterEach
  void drop() throws SQLException {
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void userOrdinalsAreLookedUpByKeyWhateverThePlanCacheHolds() throws SQLException {
    assertThat(genericPlan(SharedOrdinals.SELECT, "'{1}'", "'{u}'"))
        .contains("Index Scan using users_pkey")
        .doesNotContain("Seq Scan on users");
  }

  @Test
  void lockedRollupRowsAreReadAndWrittenByKeyWhateverThePlanCacheHolds() throws SQLException {
    String keys = "'{1}', '{v1}', '{total}', '{20000}', '{\"\"}'";
    assertThat(genericPlan(SharedRollups.READ_LOCKED, keys, "'{1}'"))
        .contains("Index Scan using rollup_users_pkey")
        .doesNotContain("Seq Scan on rollup_users");
    String update = genericPlan(SharedRollups.UPDATE, keys, "'{1}'", "'{\"\\\\x3a30\"}'");
    assertThat(update).contains("Conflict Arbiter Indexes: rollup_users_pkey");
    assertThat(update).doesNotContain("Seq Scan on rollup_users");
  }

  /**
   * The plan PostgreSQL keeps for {@code sql} prepared on the schema's empty tables, with {@code
   * args} as the parameters' SQL literals.
   */
  private String genericPlan(String sql, String... args) throws SQLException {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        numbered.append('$').append(++n);
      } else {
        numbered.append(ch);
      }
    }
    List<String> literals = new ArrayList<>();
    int given = 0;
    for (String a : args) {
      for (String part : a.split(", ")) {
        literals.add(part);
        given++;
      }
    }
    assertThat(given).as("arguments for " + sql).isEqualTo(n);
    try (Connection c = schema.open();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE q AS " + numbered);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs =
          s.executeQuery("EXPLAIN EXECUTE q(" + String.join(", ", literals) + ")")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      c.rollback();
      return plan.toString();
    }
  }
}
