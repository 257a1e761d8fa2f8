package dev.upkeep.server.testing;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import java.time.Instant;

/** Finished tracked runs as the release health tests store them: C, or F with an error type. */
public final class Runs {
  private Runs() {}

  /** A breadcrumb of {@code version} ending a run at {@code at}, failed with {@code type}. */
  public static UsageEvent run(
      long project, Instant at, String version, String user, boolean failed, String type) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, at)
        .version(version)
        .userId(user)
        .platform("linux")
        .status(failed ? RunStatus.F : RunStatus.C)
        .errorType(failed ? type : null)
        .build();
  }
}
