package dev.upkeep.server.api.v1;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.projects.IngestKeys;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's ingest key ({@link IngestKeys}), master token only: {@code GET
 * /v1/projects/{owner}/{name}/ingest-key} shows it, {@code POST} makes a new one (the old one stops
 * working), {@code DELETE} removes it. Each answers {@code {"project": "o/n", "ingest_key":
 * "upk_ik_…" | null, "header": "X-Upkeep-Ingest-Key"}}.
 */
public final class IngestKeyRoutes {
  private final IngestKeys keys;
  private final Guard guard;

  public IngestKeyRoutes(IngestKeys keys, Guard guard) {
    this.keys = keys;
    this.guard = guard;
  }

  public void show(Context ctx) {
    guard.requireMaster(ctx);
    String name = name(ctx);
    answer(ctx, name, keys.of(name).orElse(null));
  }

  public void rotate(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = name(ctx);
    String key = keys.rotate(name);
    actor.did("ingest_key.rotate", name);
    answer(ctx, name, key);
  }

  public void remove(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = name(ctx);
    keys.remove(name);
    actor.did("ingest_key.remove", name);
    answer(ctx, name, null);
  }

  private static String name(Context ctx) {
    return ctx.pathParam("owner") + "/" + ctx.pathParam("name");
  }

  private static void answer(Context ctx, String name, String key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("ingest_key", key);
    out.put("header", IngestKeys.HEADER);
    ctx.json(out);
  }
}
