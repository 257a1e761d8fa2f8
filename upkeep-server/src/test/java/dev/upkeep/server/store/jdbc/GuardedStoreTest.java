package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Every call of a store passes the fault boundary: database faults leave it as {@link
 * StorageUnavailableException} whatever wrapped them, other failures unchanged, and during an
 * outage calls fail without reaching the database until a probe or a health check finds it again.
 */
class GuardedStoreTest {
  static final SQLException REFUSED = new SQLException("Connection refused", "08001");

  final AtomicLong now = new AtomicLong();
  final FakeTokens tokens = new FakeTokens();
  final AtomicReference<RuntimeException> checkFails = new AtomicReference<>();
  final GuardedStore store =
      new GuardedStore(new FakeStore(tokens), new StoreOutage("postgres:db", now::get));

  @Test
  void aWrappedConnectionFailureLeavesTheStoreAsUnavailableNamingIt() {
    tokens.fails.set(new ConnectionException(REFUSED));
    assertThatThrownBy(() -> store.tokens().list())
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessage(
            "the store postgres:db is unreachable (java.sql.SQLException: Connection refused)")
        .hasRootCause(REFUSED);
  }

  @Test
  void duringAnOutageCallsFailWithoutReachingTheDatabaseUntilOneFindsItAgain() {
    tokens.fails.set(new StoreException("cannot list tokens", REFUSED));
    assertThatThrownBy(() -> store.tokens().list()).isInstanceOf(StorageUnavailableException.class);
    assertThat(tokens.calls).hasValue(1);

    tokens.fails.set(null);
    assertThatThrownBy(() -> store.tokens().hasMaster())
        .isInstanceOf(StorageUnavailableException.class);
    assertThat(tokens.calls).as("refused before reaching the database").hasValue(1);

    now.addAndGet(StoreOutage.FAIL_FAST.toNanos());
    assertThat(store.tokens().hasMaster()).isTrue();
    assertThat(store.tokens().list()).isEmpty();
    assertThat(tokens.calls).hasValue(3);
  }

  @Test
  void aHealthCheckTriesTheDatabaseDuringAnOutageAndEndsIt() {
    tokens.fails.set(new ConnectionException(REFUSED));
    assertThatThrownBy(() -> store.tokens().list()).isInstanceOf(StorageUnavailableException.class);
    checkFails.set(new StoreException("postgres:db does not answer", REFUSED));
    assertThatThrownBy(store::check)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("unreachable");

    checkFails.set(null);
    tokens.fails.set(null);
    store.check();
    assertThat(store.tokens().list()).isEmpty();
  }

  @Test
  void otherFailuresPassUnchangedAndStartNoOutage() {
    IllegalArgumentException bad = new IllegalArgumentException("bad hash");
    tokens.fails.set(bad);
    assertThatThrownBy(() -> store.tokens().list()).isSameAs(bad);
    StoreException conflict =
        new StoreException("duplicate", new SQLException("duplicate key", "23505"));
    tokens.fails.set(conflict);
    assertThatThrownBy(() -> store.tokens().list()).isSameAs(conflict);
    tokens.fails.set(null);
    assertThat(store.tokens().hasMaster()).isTrue();
  }

  @Test
  void aWriteOnAFullDiskIsUnavailableButStartsNoOutage() {
    tokens.fails.set(
        new StoreException(
            "cannot insert",
            new SQLiteException(
                "[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL)));
    assertThatThrownBy(() -> store.tokens().insert(null))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("cannot write (disk full: ")
        .satisfies(
            e -> assertThat(((StorageUnavailableException) e).condition()).isEqualTo("disk full"));
    tokens.fails.set(null);
    assertThat(store.tokens().hasMaster()).as("reads go on").isTrue();
  }

  @Test
  void aCheckedExceptionOfTheInterfacePassesUnwrapped() {
    SQLException syntax = new SQLException("syntax error", "42601");
    EventStore events =
        FaultBoundary.around(
            EventStore.class,
            (EventStore)
                Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {EventStore.class},
                    (p, m, a) -> {
                      throw syntax;
                    }),
            "x",
            new StoreOutage("x"));
    assertThatThrownBy(() -> events.append(List.of())).isSameAs(syntax);
  }

  @Test
  void objectMethodsReachTheTarget() {
    assertThat(store.tokens().toString()).isEqualTo("fake tokens");
    assertThat(store.describe()).isEqualTo("postgres:db");
  }

  /** Tokens that fail with {@link #fails} while it is set, counting calls. */
  static final class FakeTokens implements TokenStore {
    final AtomicReference<RuntimeException> fails = new AtomicReference<>();
    final AtomicInteger calls = new AtomicInteger();

    private void call() {
      calls.incrementAndGet();
      RuntimeException e = fails.get();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public void insert(TokenRecord token) {
      call();
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
      call();
      return Optional.empty();
    }

    @Override
    public List<TokenRecord> list() {
      call();
      return List.of();
    }

    @Override
    public boolean revoke(String hash, Instant at) {
      call();
      return false;
    }

    @Override
    public boolean insertMasterIfNone(TokenRecord token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasMaster() {
      call();
      return true;
    }

    @Override
    public String toString() {
      return "fake tokens";
    }
  }

  /** A store with fake tokens, whose check fails with {@link #checkFails} while it is set. */
  final class FakeStore implements Store {
    private final TokenStore tokens;

    FakeStore(TokenStore tokens) {
      this.tokens = tokens;
    }

    @Override
    public EventStore events() {
      return unsupported(EventStore.class);
    }

    @Override
    public ProjectStore projects() {
      return unsupported(ProjectStore.class);
    }

    @Override
    public TokenStore tokens() {
      return tokens;
    }

    @Override
    public InstallStore installs() {
      return unsupported(InstallStore.class);
    }

    @Override
    public VersionSourceStore versionSources() {
      return unsupported(VersionSourceStore.class);
    }

    @Override
    public ReleaseStore releases() {
      return unsupported(ReleaseStore.class);
    }

    @Override
    public ChangeLog changes() {
      return unsupported(ChangeLog.class);
    }

    @Override
    public PrivacyStore privacy() {
      return unsupported(PrivacyStore.class);
    }

    @Override
    public AlertStore alerts() {
      return unsupported(AlertStore.class);
    }

    @Override
    public void check() {
      RuntimeException e = checkFails.get();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public String describe() {
      return "postgres:db";
    }

    @Override
    public void close() {}

    private <T> T unsupported(Class<T> api) {
      return api.cast(
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {api},
              (p, m, a) -> {
                throw new UnsupportedOperationException(m.getName());
              }));
    }
  }
}
