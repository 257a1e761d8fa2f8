package dev.upkeep.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link FakeCdcs}'s data records: the paginated query, create, read, update and delete. */
final class FakeCdcsData {
  private final FakeCdcs fake;

  FakeCdcsData(FakeCdcs fake) {
    this.fake = fake;
  }

  void query(FakeHttp.Exchange ex, String user, Map<String, String> params) throws IOException {
    Map<String, String> form = FakeCdcsForms.urlEncoded(FakeCdcs.body(ex));
    fake.queries.add(form);
    if (form.get("query") == null) {
      FakeCdcs.send(ex, 400, Map.of("message", "Expected parameters not provided."));
      return;
    }
    Map<String, Object> query = Json.parseObject(form.get("query"));
    Set<String> templates = ids(form.get("templates"));
    Set<String> workspaces = ids(form.get("workspaces"));
    String title = form.get("title");
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    List<Object> all = new ArrayList<>();
    int size;
    synchronized (fake) {
      size = fake.pageSize;
      for (FakeCdcs.Data d : fake.data.values()) {
        if (fake.reads(user, d.workspace())
            && (templates.isEmpty() || templates.contains(String.valueOf(d.template())))
            && (workspaces.isEmpty() || workspaces.contains(String.valueOf(d.workspace())))
            && (title == null || title.equals(d.title()))
            && matches(Json.parseObject(d.content()), query)) {
          all.add(0, json(d)); // newest first
        }
      }
    }
    int from = (page - 1) * size;
    if (page < 1 || from > 0 && from >= all.size()) {
      FakeCdcs.send(ex, 404, Map.of("detail", "Invalid page."));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("count", all.size());
    boolean more = from + size < all.size();
    answer.put("next", more ? FakeCdcs.SERVER_URI + "rest/data/query/?page=" + (page + 1) : null);
    answer.put(
        "previous", page > 1 ? FakeCdcs.SERVER_URI + "rest/data/query/?page=" + (page - 1) : null);
    answer.put("results", all.subList(from, Math.min(all.size(), from + size)));
    FakeCdcs.send(ex, 200, answer);
  }

  static Set<String> ids(String json) {
    Set<String> out = new LinkedHashSet<>();
    if (json != null && Json.parse(json) instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(((Map<?, ?>) o).get("id")));
      }
    }
    return out;
  }

  static boolean matches(Map<String, Object> content, Map<String, Object> query) {
    return query.entrySet().stream()
        .allMatch(e -> e.getValue() != null && e.getValue().equals(content.get(e.getKey())));
  }

  static Map<String, Object> json(FakeCdcs.Data d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("template", d.template());
    m.put("workspace", d.workspace());
    m.put("user_id", d.owner());
    m.put("title", d.title());
    m.put("checksum", null);
    m.put("creation_date", "2026-01-01T00:00:00Z");
    m.put("content", d.content());
    return m;
  }

  void createData(FakeHttp.Exchange ex, String user) throws IOException {
    Map<String, Object> in = Json.parseObject(FakeCdcs.body(ex));
    synchronized (fake) {
      String template = String.valueOf(in.get("template"));
      boolean known =
          fake.managers.values().stream()
              .anyMatch(v -> v.stream().anyMatch(t -> t.toString().equals(template)));
      Long space =
          in.get("workspace") == null ? null : Long.valueOf(in.get("workspace").toString());
      if (!known || in.get("title") == null || !(in.get("content") instanceof String content)) {
        FakeCdcs.send(ex, 400, Map.of("message", Map.of("template", List.of("Invalid pk"))));
        return;
      }
      if (space != null && !fake.spaces.containsKey(space)) {
        FakeCdcs.send(ex, 400, Map.of("message", Map.of("workspace", List.of("Invalid pk"))));
        return;
      }
      if (space != null && !fake.writes(user, space)) {
        FakeCdcs.send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
        return;
      }
      Json.parseObject(content); // CDCS validates content against the template; here: JSON
      long id = fake.nextId();
      FakeCdcs.Data d =
          new FakeCdcs.Data(
              id, Long.parseLong(template), space, user, String.valueOf(in.get("title")), content);
      fake.data.put(id, d);
      FakeCdcs.send(ex, 201, json(d));
    }
  }

  void dataDetail(FakeHttp.Exchange ex, String user, long id) throws IOException {
    String body = FakeCdcs.body(ex);
    synchronized (fake) {
      FakeCdcs.Data d = fake.data.get(id);
      if (d == null || !fake.reads(user, d.workspace())) {
        FakeCdcs.send(ex, 404, Map.of("message", "Data not found."));
      } else if (ex.method().equals("GET")) {
        FakeCdcs.send(ex, 200, json(d));
      } else if (!fake.writes(user, d.workspace()) && !d.owner().equals(user)) {
        FakeCdcs.send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
      } else if (ex.method().equals("DELETE")) {
        fake.data.remove(id);
        FakeCdcs.send(ex, 204, null);
      } else if (ex.method().equals("PATCH")) {
        Map<String, Object> in = Json.parseObject(body);
        String content = in.get("content") instanceof String c ? c : d.content();
        Json.parseObject(content);
        FakeCdcs.Data updated =
            new FakeCdcs.Data(id, d.template(), d.workspace(), d.owner(), d.title(), content);
        fake.data.put(id, updated);
        FakeCdcs.send(ex, 200, json(updated));
      } else {
        FakeCdcs.send(ex, 405, Map.of("detail", "Method not allowed."));
      }
    }
  }
}
