package dev.upkeep.server.api.migas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonLimits;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UserType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decodes the JSON body of migas' REST {@code POST /api/breadcrumb} and validates its types the way
 * migas-server's pydantic model does: every problem is reported at once as a 422 {@code detail}
 * list of {@code {"type", "loc", "msg"}} objects; unknown keys are ignored.
 */
final class RestCrumbDecoder {
  private static final Set<String> CONTAINERS = Set.of("unknown", "docker", "apptainer");

  private static final Pattern UUID_HEX = Pattern.compile("^[0-9a-fA-F]{32}$");

  private final ObjectReader json;

  RestCrumbDecoder(ObjectMapper json) {
    this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * @throws ApiException 422 naming every problem
   */
  MigasCrumb decode(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.unprocessable(
          List.of(
              problem(
                  "json_invalid",
                  List.of("body", offset(e)),
                  "JSON decode error: " + JsonLimits.describe(e))));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("The request body could not be read.");
    }
    List<Map<String, Object>> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      problems.add(
          problem("model_attributes_type", List.of("body"), "Input should be a valid dictionary"));
      throw ApiException.unprocessable(problems);
    }
    Fields f = new Fields(problems);
    String project = f.requiredString(root, "project");
    String version = f.requiredString(root, "project_version");
    String language = f.optionalString(root, "language", MigasCrumb.DEFAULT_LANGUAGE, "body");
    String languageVersion =
        f.optionalString(root, "language_version", MigasCrumb.DEFAULT_LANGUAGE_VERSION, "body");
    JsonNode ctx = f.object(root, "ctx");
    JsonNode proc = f.object(root, "proc");
    String userId = f.uuid(ctx, "user_id");
    String sessionId = f.uuid(ctx, "session_id");
    String userType = f.choice(ctx, "ctx", "user_type", Set.of("general", "dev", "ci"), "general");
    String platform = f.optionalString(ctx, "platform", "unknown", "ctx");
    String container = f.choice(ctx, "ctx", "container", CONTAINERS, "unknown");
    boolean ci = f.bool(ctx, "is_ci");
    String status = f.choice(proc, "proc", "status", Set.of("R", "C", "F", "S"), "R");
    String statusDesc = f.scalar(proc, "status_desc");
    String errorType = f.scalar(proc, "error_type");
    String errorDesc = f.scalar(proc, "error_desc");
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable(problems);
    }
    return new MigasCrumb(
        project,
        version,
        language,
        languageVersion,
        userId,
        sessionId,
        UserType.fromWire(userType),
        platform,
        container,
        ci,
        RunStatus.valueOf(status),
        statusDesc,
        errorType,
        errorDesc);
  }

  /**
   * Whether {@code text} is a UUID in its hyphenated form, {@code 8-4-4-4-12} hex digits of either
   * case (what {@code ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-...-[0-9a-fA-F]{12}$} matches, without a
   * regex: every breadcrumb carries one).
   */
  static boolean isUuidText(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok =
          i == 8 || i == 13 || i == 18 || i == 23
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Where in the body the JSON broke, in bytes (FastAPI reports the position too). */
  private static long offset(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return 0;
    }
    long chars = e.getLocation().getCharOffset();
    return chars >= 0 ? chars : Math.max(0, e.getLocation().getByteOffset());
  }

  static Map<String, Object> problem(String type, List<Object> loc, String msg) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", type);
    p.put("loc", loc);
    p.put("msg", msg);
    return p;
  }

  /** Field readers that collect problems instead of throwing. */
  private static final class Fields {
    private final List<Map<String, Object>> problems;

    Fields(List<Map<String, Object>> problems) {
      this.problems = problems;
    }

    String requiredString(JsonNode node, String name) {
      JsonNode v = node.get(name);
      if (v == null) {
        problems.add(problem("missing", List.of("body", name), "Field required"));
        return null;
      }
      if (!v.isTextual()) {
        problems.add(
            problem("string_type", List.of("body", name), "Input should be a valid string"));
        return null;
      }
      return v.textValue();
    }

    String optionalString(JsonNode node, String name, String dflt, String where) {
      JsonNode v = node == null ? null : node.get(name);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isTextual()) {
        problems.add(problem("string_type", loc(where, name), "Input should be a valid string"));
        return dflt;
      }
      return v.textValue();
    }

    JsonNode object(JsonNode root, String name) {
      JsonNode v = root.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isObject()) {
        problems.add(problem("model_type", List.of("body", name), "Input should be an object"));
        return null;
      }
      return v;
    }

    String uuid(JsonNode ctx, String name) {
      JsonNode v = ctx == null ? null : ctx.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isTextual()) {
        String text = v.textValue();
        if (isUuidText(text)) {
          return UUID.fromString(text).toString();
        }
        if (UUID_HEX.matcher(text).matches()) {
          return UUID.fromString(
                  text.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"))
              .toString();
        }
      }
      problems.add(
          problem("uuid_parsing", loc("ctx", name), "Input should be a valid UUID, was " + v));
      return null;
    }

    String choice(JsonNode node, String where, String name, Set<String> allowed, String dflt) {
      JsonNode v = node == null ? null : node.get(name);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (v.isTextual() && allowed.contains(v.textValue())) {
        return v.textValue();
      }
      problems.add(
          problem(
              "enum",
              loc(where, name),
              "Input should be one of "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ", was "
                  + v));
      return dflt;
    }

    boolean bool(JsonNode ctx, String name) {
      JsonNode v = ctx == null ? null : ctx.get(name);
      if (v == null || v.isNull()) {
        return false;
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      problems.add(
          problem("bool_type", loc("ctx", name), "Input should be a valid boolean, was " + v));
      return false;
    }

    String scalar(JsonNode proc, String name) {
      JsonNode v = proc == null ? null : proc.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      if (v.isValueNode()) {
        return v.asText();
      }
      problems.add(problem("string_type", loc("proc", name), "Input should be a scalar value"));
      return null;
    }

    private static List<Object> loc(String where, String name) {
      return where.equals("body") ? List.of("body", name) : List.of("body", where, name);
    }
  }
}
