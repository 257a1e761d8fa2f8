package dev.upkeep.server.privacy;

import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.PrivacyStore.ForgetRequest;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the requests users' clients sent to be forgotten ({@link
 * PrivacyStore#forgetRequested}), run hourly by the collector's maintenance after the retention.
 * The audit log records {@code privacy.forget} for each user, by {@code who: "client"} (the request
 * named no operator), with {@link UserDigest#audited its digest}, never the id; the collector's log
 * one INFO line per run with the totals. Thread-safe.
 */
public final class ForgetRequests {
  private static final Logger LOG = LoggerFactory.getLogger(ForgetRequests.class);

  private final PrivacyStore privacy;
  private final ProjectStore projects;
  private final AuditLog audit;

  public ForgetRequests(PrivacyStore privacy, ProjectStore projects, AuditLog audit) {
    this.privacy = privacy;
    this.projects = projects;
    this.audit = audit;
  }

  /**
   * Carries out every queued request.
   *
   * @return the requests carried out
   */
  public int run() {
    PrivacyStore.RequestsDone done = privacy.forgetRequested();
    if (done.requests().isEmpty()) {
      return 0;
    }
    Map<Long, String> names = new HashMap<>();
    for (Project p : projects.list()) {
      names.put(p.id(), p.name());
    }
    for (ForgetRequest r : done.requests()) {
      audit.record(
          "client",
          null,
          "privacy.forget",
          UserDigest.audited(r.userId())
              + " of "
              + names.getOrDefault(r.projectId(), "#" + r.projectId())
              + ", asked at "
              + r.requestedAt(),
          null);
    }
    LOG.info(
        "forgot {} users who asked to be forgotten: {} events, {} users rows, {} days recomputed",
        done.requests().size(),
        done.removed().events(),
        done.removed().users(),
        done.removed().days());
    return done.requests().size();
  }
}
