package dev.upkeep.server.ingest;

import dev.upkeep.server.limits.Charge;
import dev.upkeep.server.limits.Decision;
import dev.upkeep.server.limits.LimitKeys;
import dev.upkeep.server.limits.LimitStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies the {@link IngestLimits} to one request's events before they are queued: the client's
 * events (a token bucket per client address), each project's events (a token bucket per project),
 * each project's daily cap (per UTC day). The charges of a request are taken together in one
 * decision of the {@link LimitStore}, all or none, so a refused request takes nothing from any
 * budget; with a shared store every collector on it counts against the same budgets. Thread-safe.
 */
public final class Admission {
  private final IngestLimits limits;
  private final LimitStore store;
  private final LimitKeys keys;
  private final Clock clock;

  /**
   * @param store where the budgets are counted
   * @param keys the keys of the budgets' counters (client addresses are only ever hashed)
   * @param clock decides the UTC day of the daily cap
   */
  public Admission(IngestLimits limits, LimitStore store, LimitKeys keys, Clock clock) {
    this.limits = limits;
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /** Budgets counted in this process alone (one collector). */
  static Admission inMemory(IngestLimits limits, Clock clock) {
    return new Admission(limits, LimitStore.memory(clock), LimitKeys.random(), clock);
  }

  /**
   * Takes the events from every budget they count against.
   *
   * @throws IngestLimitException naming the first limit reached (the client's, then each project's
   *     rate and daily cap, projects by id); nothing was taken
   */
  void admit(String client, List<UsageEvent> events) {
    List<Limit> request = limits(client, events);
    if (request.isEmpty()) {
      return;
    }
    List<Charge> charges = new ArrayList<>(request.size());
    for (Limit l : request) {
      charges.add(l.charge);
    }
    Decision d = store.take(charges);
    if (!d.taken()) {
      throw refusal(request.get(d.refused()), d.retryAfterSeconds());
    }
  }

  /** Gives back what {@link #admit} took, for a request the queue then refused. */
  void refund(String client, List<UsageEvent> events) {
    List<Limit> request = limits(client, events);
    if (!request.isEmpty()) {
      List<Charge> charges = new ArrayList<>(request.size());
      for (Limit l : request) {
        charges.add(l.charge);
      }
      store.refund(charges);
    }
  }

  /** The request's charges in the order their refusals are reported, each with its reason. */
  private List<Limit> limits(String client, List<UsageEvent> events) {
    List<Limit> out = new ArrayList<>();
    if (limits.clientEvents() > 0) {
      out.add(
          new Limit(
              "client_limit",
              Charge.events(
                  keys.clientEvents(client),
                  events.size(),
                  limits.clientEvents(),
                  limits.window())));
    }
    if (limits.projectEvents() == 0 && limits.projectEventsPerDay() == 0) {
      return out;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (Map.Entry<Long, Integer> p : perProject(events).entrySet()) {
      if (limits.projectEvents() > 0) {
        out.add(
            new Limit(
                "project_limit",
                Charge.events(
                    keys.projectEvents(p.getKey()),
                    p.getValue(),
                    limits.projectEvents(),
                    limits.window())));
      }
      if (limits.projectEventsPerDay() > 0) {
        out.add(
            new Limit(
                "daily_cap",
                Charge.daily(
                    keys.projectDay(p.getKey()),
                    p.getValue(),
                    limits.projectEventsPerDay(),
                    today)));
      }
    }
    return out;
  }

  private IngestLimitException refusal(Limit limit, long wait) {
    String message =
        switch (limit.reason) {
          case "client_limit" ->
              "This address sent more than "
                  + limits.clientEvents()
                  + " events in "
                  + limits.window().toSeconds()
                  + " s (the collector's client-event-limit); retry in "
                  + wait
                  + " s.";
          case "project_limit" ->
              "This project received more than "
                  + limits.projectEvents()
                  + " events in "
                  + limits.window().toSeconds()
                  + " s (the collector's project-event-limit); retry in "
                  + wait
                  + " s.";
          default ->
              "This project reached its cap of "
                  + limits.projectEventsPerDay()
                  + " events for "
                  + LocalDate.ofEpochDay(limit.charge.period())
                  + " (UTC; the collector's max-events-per-project-day); events are taken again"
                  + " from 00:00 UTC.";
        };
    return new IngestLimitException(limit.reason, message, wait);
  }

  private static Map<Long, Integer> perProject(List<UsageEvent> events) {
    Map<Long, Integer> m = new TreeMap<>();
    for (UsageEvent e : events) {
      m.merge(e.projectId(), 1, Integer::sum);
    }
    return m;
  }

  private record Limit(String reason, Charge charge) {}
}
