package dev.upkeep.archive;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids a CDCS gives the templates and workspaces {@link CdcsArchive} uses, each looked up once
 * (PROTOCOLS.md §6.3) and kept; a failed lookup is not kept, so it is tried again on the next call.
 * Thread-safe: one lookup at a time.
 */
final class CdcsCatalog {
  /**
   * A global template: the version new records are made with, and every version, which queries
   * search (records made before the template was last updated keep their version).
   */
  record Template(Object current, List<Object> versions) {}

  private final CdcsHttp http;
  private final String archive;
  private final Map<String, Template> templates = new HashMap<>();
  private final Map<String, Object> workspaces = new HashMap<>();

  CdcsCatalog(CdcsHttp http, String archive) {
    this.http = http;
    this.archive = archive;
  }

  /**
   * The global template titled {@code title}.
   *
   * @throws ArchiveException when there is none, saying an administrator must upload it
   */
  synchronized Template template(String title) throws IOException {
    Template known = templates.get(title);
    if (known != null) {
      return known;
    }
    String what = "look up the global template " + title;
    CdcsHttp.Reply reply =
        http.expect(
            http.request(
                    http.uri(
                        "rest/template-version-manager/global/?title="
                            + URLEncoder.encode(title, StandardCharsets.UTF_8)))
                .GET()
                .build(),
            what);
    Map<?, ?> manager = null;
    if (reply.json() instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m
            && title.equals(m.get("title"))
            && !Boolean.TRUE.equals(m.get("is_disabled"))
            && m.get("current") != null) {
          manager = m;
        }
      }
    }
    if (manager == null) {
      throw missingTemplate(title);
    }
    Object current = manager.get("current");
    CdcsHttp.Reply template =
        http.send(
            http.request(http.uri("rest/template/" + current + "/")).GET().build(),
            what + " (version " + current + ")");
    if (template.status() == 404) {
      throw missingTemplate(title);
    }
    if (!template.ok()) {
      throw http.refusal(template, what);
    }
    List<Object> versions = new ArrayList<>();
    if (manager.get("versions") instanceof List<?> all) {
      versions.addAll(all);
    }
    if (!versions.contains(current)) {
      versions.add(current);
    }
    Template found = new Template(current, List.copyOf(versions));
    templates.put(title, found);
    return found;
  }

  private ArchiveException missingTemplate(String title) {
    return new ArchiveException(
        archive
            + " has no global template titled "
            + title
            + "; an administrator must upload it (the JSON schema rmellipse publishes as "
            + title
            + ") before releases can be stored there");
  }

  /**
   * The id of the workspace titled {@code title} among those the user can see; of several with that
   * title, the newest (highest id), as rmellipse takes.
   *
   * @throws ArchiveException when there is none, naming it
   */
  synchronized Object workspace(String title) throws IOException {
    Object known = workspaces.get(title);
    if (known != null) {
      return known;
    }
    CdcsHttp.Reply reply =
        http.expect(
            http.request(http.uri("rest/workspace/")).GET().build(),
            "list the workspaces, looking for '" + title + "'");
    Object found = null;
    List<String> titles = new ArrayList<>();
    if (reply.json() instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("id") != null) {
          titles.add(String.valueOf(m.get("title")));
          if (title.equals(m.get("title")) && (found == null || newer(m.get("id"), found))) {
            found = m.get("id");
          }
        }
      }
    }
    if (found == null) {
      throw new ArchiveException(
          archive
              + " has no workspace titled '"
              + title
              + "' that these credentials can see (it has: "
              + (titles.isEmpty() ? "none" : String.join(", ", titles))
              + "); check the workspace name, or create the workspace in CDCS and share it");
    }
    workspaces.put(title, found);
    return found;
  }

  /** Whether CDCS id {@code a} is later than {@code b}: by number when both are, else as text. */
  static boolean newer(Object a, Object b) {
    return CdcsQuery.compareIds(a, b) > 0;
  }
}
