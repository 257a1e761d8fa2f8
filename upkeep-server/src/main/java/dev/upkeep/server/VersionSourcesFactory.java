package dev.upkeep.server;

import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.versions.sources.SourceSettings;
import dev.upkeep.server.versions.sources.VersionSources;
import java.time.Clock;

/**
 * How {@link UpkeepServer#start} makes the release sources: {@link VersionSources#create} (a test
 * makes it fail to see that everything opened before it is closed).
 */
@FunctionalInterface
interface VersionSourcesFactory {
  VersionSources create(VersionSourceStore store, SourceSettings settings, Clock clock);
}
