package dev.upkeep.server.ingest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies the {@link IngestLimits} to one request's events before they are queued: the client's
 * events, each project's events, each project's daily cap. A refused request takes nothing from any
 * budget. Thread-safe.
 */
final class Admission {
  private final IngestLimits limits;
  private final Clock clock;
  private final EventBudget clients;
  private final EventBudget projects;
  private final ConcurrentHashMap<Long, Day> days = new ConcurrentHashMap<>();

  Admission(IngestLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    this.clients =
        limits.clientEvents() > 0
            ? new EventBudget(limits.clientEvents(), limits.window(), clock)
            : null;
    this.projects =
        limits.projectEvents() > 0
            ? new EventBudget(limits.projectEvents(), limits.window(), clock)
            : null;
  }

  /**
   * Takes the events from every budget they count against.
   *
   * @throws IngestLimitException naming the first limit reached; nothing was taken
   */
  void admit(String client, List<UsageEvent> events) {
    Map<Long, Integer> perProject = perProject(events);
    if (clients != null) {
      long wait = clients.take(client, events.size());
      if (wait > 0) {
        throw new IngestLimitException(
            "client_limit",
            "This address sent more than "
                + limits.clientEvents()
                + " events in "
                + limits.window().toSeconds()
                + " s (the collector's client-event-limit); retry in "
                + wait
                + " s.",
            wait);
      }
    }
    int taken = 0;
    try {
      for (Map.Entry<Long, Integer> p : perProject.entrySet()) {
        admitProject(p.getKey(), p.getValue());
        taken++;
      }
    } catch (IngestLimitException e) {
      refund(client, events.size(), perProject, taken);
      throw e;
    }
  }

  /** Gives back what {@link #admit} took, for a request the queue then refused. */
  void refund(String client, List<UsageEvent> events) {
    Map<Long, Integer> perProject = perProject(events);
    refund(client, events.size(), perProject, perProject.size());
  }

  private void admitProject(long project, int n) {
    if (projects != null) {
      long wait = projects.take(project, n);
      if (wait > 0) {
        throw new IngestLimitException(
            "project_limit",
            "This project received more than "
                + limits.projectEvents()
                + " events in "
                + limits.window().toSeconds()
                + " s (the collector's project-event-limit); retry in "
                + wait
                + " s.",
            wait);
      }
    }
    if (limits.projectEventsPerDay() > 0) {
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      Day day =
          days.compute(project, (k, d) -> d == null || !d.date.equals(today) ? new Day(today) : d);
      if (day.count.addAndGet(n) > limits.projectEventsPerDay()) {
        day.count.addAndGet(-n);
        if (projects != null) {
          projects.refund(project, n);
        }
        long untilMidnight =
            today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                - clock.instant().getEpochSecond();
        throw new IngestLimitException(
            "daily_cap",
            "This project reached its cap of "
                + limits.projectEventsPerDay()
                + " events for "
                + today
                + " (UTC; the collector's max-events-per-project-day); events are taken again"
                + " from 00:00 UTC.",
            Math.max(1, untilMidnight));
      }
    }
  }

  private void refund(String client, int n, Map<Long, Integer> perProject, int projectsTaken) {
    if (clients != null) {
      clients.refund(client, n);
    }
    int i = 0;
    for (Map.Entry<Long, Integer> p : perProject.entrySet()) {
      if (i++ >= projectsTaken) {
        break;
      }
      if (projects != null) {
        projects.refund(p.getKey(), p.getValue());
      }
      Day d = days.get(p.getKey());
      if (d != null) {
        // never below zero: after midnight the refund meets the new day's count
        int n2 = p.getValue();
        d.count.updateAndGet(c -> Math.max(0, c - n2));
      }
    }
  }

  private static Map<Long, Integer> perProject(List<UsageEvent> events) {
    Map<Long, Integer> m = new TreeMap<>();
    for (UsageEvent e : events) {
      m.merge(e.projectId(), 1, Integer::sum);
    }
    return m;
  }

  private static final class Day {
    final LocalDate date;
    final AtomicLong count = new AtomicLong();

    Day(LocalDate date) {
      this.date = date;
    }
  }
}
