package dev.upkeep.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What every {@code api} package's routes share, built once by the collector's composition root
 * ({@code dev.upkeep.server.UpkeepServer}) and handed to each package's route installer ({@code
 * BadgeApi}, {@code DashboardApi}, {@code MigasApi}, {@code OAuthApi}, {@code OtumatApi}, {@code
 * ReleasesApi}, {@code UsagestatsApi}, {@code V1Api}), which takes what else it needs by name.
 *
 * @param store the collector's open store
 * @param registry the projects, cached
 * @param pipeline the ingest pipeline every ingest route queues events on
 * @param guard who may read and change what (tokens, visibility), auditing admin actions
 * @param json the JSON mapper with the collector's parser limits
 * @param bodies JSON bodies of admin and query requests, at most {@code max-body-bytes}
 * @param metrics where rejections and route metrics are counted
 * @param clock the collector's clock
 */
public record ApiContext(
    Store store,
    ProjectRegistry registry,
    IngestPipeline pipeline,
    Guard guard,
    ObjectMapper json,
    JsonBodies bodies,
    MeterRegistry metrics,
    Clock clock) {}
