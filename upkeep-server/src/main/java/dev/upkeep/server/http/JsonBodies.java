package dev.upkeep.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** Small JSON request bodies of the admin API, read and checked with messages naming the field. */
public final class JsonBodies {
  private final ObjectMapper json;
  private final int maxBodyBytes;

  public JsonBodies(ObjectMapper json, int maxBodyBytes) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The body as a JSON object; an empty body is an empty object.
   *
   * @throws ApiException 400 for malformed JSON, JSON over {@link JsonLimits}, or a non-object, 413
   *     over the limit
   */
  public JsonNode object(Context ctx) {
    byte[] body = Bodies.read(ctx, maxBodyBytes);
    if (body.length == 0) {
      return json.createObjectNode();
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The body is not valid JSON: " + JsonLimits.describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("The body could not be read.");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("The body must be a JSON object.");
    }
    return node;
  }

  /**
   * A required string field.
   *
   * @throws ApiException 400 naming the field when it is missing, not a string or blank
   */
  public static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("Field \"" + field + "\" is required.");
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw ApiException.badRequest("Field \"" + field + "\" must be a non-empty string, was " + v);
    }
    return v.textValue();
  }

  /**
   * A required boolean field, such as a switch's {@code "enabled"}.
   *
   * @throws ApiException 400 naming the field when it is missing or not {@code true} or {@code
   *     false}
   */
  public static boolean flag(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isBoolean()) {
      throw ApiException.badRequest("Field \"" + field + "\" must be true or false.");
    }
    return v.booleanValue();
  }

  /** An optional string field, or null. */
  public static String optionalText(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Field \"" + field + "\" must be a string, was " + v);
    }
    return v.textValue();
  }
}
