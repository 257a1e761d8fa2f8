package dev.upkeep.archive;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CDCS's data query, {@code POST /rest/data/query/} (PROTOCOLS.md §6.3), always scoped to one
 * workspace and to the versions of one template, every page read ({@code ?page=N} until {@code
 * next} is null). rmellipse leaves out the workspace, and so finds releases and blobs of every
 * workspace the user can read; here the server is asked for one workspace, and an answer from any
 * other workspace or template is dropped as well, in case a server ignores the filter. The pages
 * are offsets into a set others may be changing: when it changes under the reading, the query is
 * read again from its first page.
 */
final class CdcsQuery {
  /** Pages read at most, against a server whose {@code next} never ends: {@value}. */
  static final int MAX_PAGES = 100_000;

  /** Times a query is read again when its answers change between pages: {@value}. */
  static final int ATTEMPTS = 5;

  /**
   * A data record found.
   *
   * @param id its CDCS id (a number, or text on CDCS versions before 2.0)
   * @param title the data record's title (not its content's)
   * @param data the whole answer for it
   */
  record Hit(Object id, String title, Map<String, Object> data) {
    /**
     * Its content, parsed: {@code content}, or {@code xml_content} where the server runs with
     * {@code BACKWARD_COMPATIBILITY_DATA_XML_CONTENT}.
     *
     * @throws IllegalArgumentException naming {@code source} when it is not a JSON object
     */
    Map<String, Object> content(String source) {
      Object c = data.containsKey("content") ? data.get("content") : data.get("xml_content");
      try {
        if (c instanceof String s) {
          return Json.parseObject(s);
        }
        if (c instanceof Map<?, ?> m) {
          Map<String, Object> copy = new LinkedHashMap<>();
          m.forEach((k, v) -> copy.put(String.valueOf(k), v));
          return copy;
        }
        throw new IllegalArgumentException("no content");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + " (CDCS data " + id + "): " + e.getMessage(), e);
      }
    }
  }

  private CdcsQuery() {}

  /**
   * Every record matching {@code query} in {@code workspace}, made with one of {@code templates}.
   *
   * @param query MongoDB-style equalities on the content ({@code {"sha1": "…"}})
   * @param title when not null, only records with that title
   * @param what names the search in messages
   */
  static List<Hit> run(
      CdcsHttp http,
      Map<String, Object> query,
      List<Object> templates,
      Object workspace,
      String title,
      String what)
      throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", Json.write(query));
    form.put("templates", Json.write(templates.stream().map(CdcsQuery::ref).toList()));
    form.put("workspaces", Json.write(List.of(ref(workspace))));
    if (title != null) {
      form.put("title", title);
    }
    for (int attempt = 1; ; attempt++) {
      Optional<List<Hit>> hits = pages(http, form, templates, workspace, what);
      if (hits.isPresent()) {
        return hits.get();
      }
      if (attempt == ATTEMPTS) {
        throw new IOException(
            what
                + ": the answers kept changing while their pages were read ("
                + ATTEMPTS
                + " tries); try again");
      }
    }
  }

  /**
   * Reads every page; empty when the set of answers changed between two pages (its {@code count}
   * moved, or a later page is gone), as it does while others publish: the pages are offsets into
   * the set, so records would be missed or seen twice.
   */
  private static Optional<List<Hit>> pages(
      CdcsHttp http,
      Map<String, String> form,
      List<Object> templates,
      Object workspace,
      String what)
      throws IOException {
    Map<String, Hit> hits = new LinkedHashMap<>();
    Object count = null;
    for (int page = 1; page <= MAX_PAGES; page++) {
      String path = page == 1 ? "rest/data/query/" : "rest/data/query/?page=" + page;
      CdcsHttp.Reply reply =
          http.send(
              http.request(http.uri(path))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(CdcsHttp.form(form))
                  .build(),
              what);
      if (page > 1 && reply.status() == 404) {
        return Optional.empty();
      }
      if (!reply.ok()) {
        throw http.refusal(reply, what);
      }
      Map<String, Object> answer = reply.object();
      if (!(answer.get("results") instanceof List<?> results)) {
        throw new IOException(
            what + ": the CDCS answered without 'results' (not a CDCS data query?)");
      }
      if (page > 1 && !String.valueOf(count).equals(String.valueOf(answer.get("count")))) {
        return Optional.empty();
      }
      count = answer.get("count");
      for (Object r : results) {
        if (r instanceof Map<?, ?> m && m.get("id") != null && in(m, workspace, templates)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> data = (Map<String, Object>) m;
          hits.putIfAbsent(
              String.valueOf(m.get("id")),
              new Hit(m.get("id"), String.valueOf(m.get("title")), data));
        }
      }
      if (answer.get("next") == null || results.isEmpty()) {
        return Optional.of(new ArrayList<>(hits.values()));
      }
    }
    throw new IOException(what + ": the CDCS answered more than " + MAX_PAGES + " pages");
  }

  private static Map<String, Object> ref(Object id) {
    return Map.of("id", id);
  }

  /** Whether an answer is in the workspace and of a template asked for (when it says). */
  private static boolean in(Map<?, ?> data, Object workspace, List<Object> templates) {
    Object w = data.get("workspace");
    if (w != null && !String.valueOf(w).equals(String.valueOf(workspace))) {
      return false;
    }
    Object t = data.get("template");
    return t == null
        || templates.stream().anyMatch(x -> String.valueOf(x).equals(String.valueOf(t)));
  }

  /** The first record made: the lowest id. */
  static Optional<Hit> oldest(List<Hit> hits) {
    return hits.stream().min(Comparator.comparing(Hit::id, CdcsQuery::compareIds));
  }

  /** Orders CDCS ids: by number when both are integers, else as text. */
  static int compareIds(Object a, Object b) {
    String x = String.valueOf(a);
    String y = String.valueOf(b);
    if (x.matches("\\d{1,1000}") && y.matches("\\d{1,1000}")) {
      return new BigInteger(x).compareTo(new BigInteger(y));
    }
    return x.compareTo(y);
  }
}
