package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.store.jdbc.StorageFaults.Fault;
import java.util.Optional;

/**
 * A {@link Store} whose every call passes the {@link FaultBoundary}: faults of the database leave
 * it as {@link dev.upkeep.server.store.fault.StorageUnavailableException}, and while the database
 * is unreachable calls fail at once ({@link StoreOutage}). {@link #check()} always tries the
 * database, so a health probe notices first when it answers again. Thread-safe.
 */
final class GuardedStore implements Store {
  private final Store target;
  private final StoreOutage outage;
  private final EventStore events;
  private final ProjectStore projects;
  private final TokenStore tokens;
  private final InstallStore installs;
  private final VersionSourceStore versionSources;
  private final ReleaseStore releases;
  private final ChangeLog changes;
  private final PrivacyStore privacy;
  private final AlertStore alerts;

  GuardedStore(Store target, StoreOutage outage) {
    this.target = target;
    this.outage = outage;
    String name = target.describe();
    this.events = FaultBoundary.around(EventStore.class, target.events(), name, outage);
    this.projects = FaultBoundary.around(ProjectStore.class, target.projects(), name, outage);
    this.tokens = FaultBoundary.around(TokenStore.class, target.tokens(), name, outage);
    this.installs = FaultBoundary.around(InstallStore.class, target.installs(), name, outage);
    this.versionSources =
        FaultBoundary.around(VersionSourceStore.class, target.versionSources(), name, outage);
    this.releases = FaultBoundary.around(ReleaseStore.class, target.releases(), name, outage);
    this.changes = FaultBoundary.around(ChangeLog.class, target.changes(), name, outage);
    this.privacy = FaultBoundary.around(PrivacyStore.class, target.privacy(), name, outage);
    this.alerts = FaultBoundary.around(AlertStore.class, target.alerts(), name, outage);
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public ProjectStore projects() {
    return projects;
  }

  @Override
  public TokenStore tokens() {
    return tokens;
  }

  @Override
  public InstallStore installs() {
    return installs;
  }

  @Override
  public VersionSourceStore versionSources() {
    return versionSources;
  }

  @Override
  public ReleaseStore releases() {
    return releases;
  }

  @Override
  public ChangeLog changes() {
    return changes;
  }

  @Override
  public PrivacyStore privacy() {
    return privacy;
  }

  @Override
  public AlertStore alerts() {
    return alerts;
  }

  /**
   * Asks the database, even during an outage, and ends or begins one by the outcome.
   *
   * @throws dev.upkeep.server.store.fault.StorageUnavailableException when it shows a fault
   * @throws dev.upkeep.server.store.StoreException for any other failure
   */
  @Override
  public void check() {
    try {
      target.check();
    } catch (RuntimeException e) {
      Optional<Fault> fault = StorageFaults.fault(e);
      outage.failed(false, fault.orElse(null), e);
      throw (RuntimeException) StorageFaults.translate(e, target.describe());
    }
    outage.succeeded(false);
  }

  @Override
  public String describe() {
    return target.describe();
  }

  @Override
  public void close() {
    target.close();
  }
}
