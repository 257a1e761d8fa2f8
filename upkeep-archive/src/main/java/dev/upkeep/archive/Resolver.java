package dev.upkeep.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves requirements transitively: for every release asked for, directly or by the {@code
 * requirements} of a release chosen, the highest version that satisfies every constraint on it.
 * Yanked releases are taken only when the lock names them. When the highest version of one release
 * makes another unsatisfiable, lower ones are tried (depth first, newest first, at most {@value
 * #MAX_STEPS} choices in all); when nothing works, the conflict is reported with each constraint
 * and who asked for it.
 *
 * <p>Not thread-safe; one per resolution.
 */
public final class Resolver {
  /** The most versions tried before giving up: {@value}. */
  public static final int MAX_STEPS = 10_000;

  private final Releases releases;
  private final Map<ReleaseId, ReleaseRecord> records = new HashMap<>();
  private final Map<Key, List<ReleaseVersion>> versions = new HashMap<>();
  private int steps;
  private String conflict;

  /** A release line: a title in a workspace. */
  public record Key(String workspace, Title title) {
    @Override
    public String toString() {
      return workspace.equals(Workspace.DEFAULT) ? title.value() : workspace + "/" + title;
    }
  }

  /**
   * A requirement and who asked for it ({@code rmeproject.yml}, a workflow file, or a release).
   *
   * @param requirement what is asked
   * @param requester who asks, for messages
   */
  public record Demand(Requirement requirement, String requester) {
    Key key() {
      return new Key(requirement.workspace(), requirement.title());
    }
  }

  /**
   * What a resolution chose.
   *
   * @param releases the release chosen for each line, in the order they were first asked for
   * @param demands every constraint on each line and who asked for it
   */
  public record Resolution(Map<Key, ReleaseRecord> releases, Map<Key, List<Demand>> demands) {}

  public Resolver(Releases releases) {
    this.releases = Objects.requireNonNull(releases, "releases");
  }

  /**
   * Resolves {@code demands}.
   *
   * @param preferred versions to keep when they still satisfy every constraint (the lock); may be
   *     empty
   * @throws ResolutionException when no set of versions satisfies every constraint
   */
  public Resolution resolve(List<Demand> demands, Map<Key, ReleaseVersion> preferred)
      throws IOException {
    Map<Key, List<Demand>> constraints = new LinkedHashMap<>();
    for (Demand d : demands) {
      constraints.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
    }
    Map<Key, ReleaseRecord> chosen = new LinkedHashMap<>();
    if (!search(constraints, chosen, preferred)) {
      throw new ResolutionException(
          steps >= MAX_STEPS
              ? "gave up after trying " + MAX_STEPS + " versions; " + conflict
              : conflict);
    }
    Map<Key, ReleaseRecord> ordered = new LinkedHashMap<>();
    for (Key k : constraints.keySet()) {
      ordered.put(k, chosen.get(k));
    }
    return new Resolution(ordered, constraints);
  }

  private boolean search(
      Map<Key, List<Demand>> constraints,
      Map<Key, ReleaseRecord> chosen,
      Map<Key, ReleaseVersion> preferred)
      throws IOException {
    Key next = null;
    for (Key k : constraints.keySet()) {
      if (!chosen.containsKey(k)) {
        next = k;
        break;
      }
    }
    if (next == null) {
      return true;
    }
    List<Demand> on = constraints.get(next);
    List<ReleaseVersion> candidates = candidates(next, on, preferred.get(next));
    if (candidates.isEmpty()) {
      if (conflict == null) {
        conflict = describe(next, on);
      }
      return false;
    }
    for (ReleaseVersion v : candidates) {
      if (++steps > MAX_STEPS) {
        return false;
      }
      ReleaseRecord record = record(new ReleaseId(next.workspace(), next.title(), v));
      List<Demand> added = new ArrayList<>();
      boolean consistent = true;
      for (String text : record.requirements()) {
        Demand d = new Demand(Requirement.parse(text), "release " + record.id());
        added.add(d);
        constraints.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        ReleaseRecord already = chosen.get(d.key());
        if (already != null && !d.requirement().matches(already.id().version())) {
          consistent = false;
          if (conflict == null) {
            conflict = describe(d.key(), constraints.get(d.key()));
          }
        }
      }
      chosen.put(next, record);
      if (consistent && search(constraints, chosen, preferred)) {
        return true;
      }
      chosen.remove(next);
      for (Demand d : added) {
        List<Demand> list = constraints.get(d.key());
        list.remove(list.lastIndexOf(d));
        if (list.isEmpty()) {
          constraints.remove(d.key());
        }
      }
    }
    return false;
  }

  /** Versions satisfying every constraint, the preferred one first, then newest first. */
  private List<ReleaseVersion> candidates(Key key, List<Demand> on, ReleaseVersion preferred)
      throws IOException {
    List<ReleaseVersion> out = new ArrayList<>();
    List<ReleaseVersion> all = versions(key);
    if (preferred != null && all.contains(preferred) && satisfies(on, preferred)) {
      out.add(preferred);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      ReleaseVersion v = all.get(i);
      if (!v.equals(preferred)
          && satisfies(on, v)
          && record(new ReleaseId(key.workspace(), key.title(), v)).yank().isEmpty()) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean satisfies(List<Demand> on, ReleaseVersion v) {
    for (Demand d : on) {
      if (!d.requirement().matches(v)) {
        return false;
      }
    }
    return true;
  }

  private List<ReleaseVersion> versions(Key key) throws IOException {
    List<ReleaseVersion> v = versions.get(key);
    if (v == null) {
      v = releases.list(key.workspace(), key.title(), null);
      versions.put(key, v);
    }
    return v;
  }

  private ReleaseRecord record(ReleaseId id) throws IOException {
    ReleaseRecord r = records.get(id);
    if (r == null) {
      r = releases.require(id);
      records.put(id, r);
    }
    return r;
  }

  private String describe(Key key, List<Demand> on) throws IOException {
    List<String> asked = new ArrayList<>();
    for (Demand d : on) {
      String expression = d.requirement().expression().toString();
      asked.add(
          "'"
              + (expression.isEmpty() ? "any version" : expression)
              + "' asked by "
              + d.requester());
    }
    List<ReleaseVersion> all = versions(key);
    return "no release of "
        + key
        + " in "
        + releases.archive().describe()
        + " satisfies "
        + String.join(" and ", asked)
        + (all.isEmpty() ? " (it has none)" : " (it has " + join(all) + ")");
  }

  private static String join(List<ReleaseVersion> all) {
    List<String> s = all.stream().map(String::valueOf).toList();
    return String.join(", ", s.size() > 10 ? s.subList(s.size() - 10, s.size()) : s);
  }
}
