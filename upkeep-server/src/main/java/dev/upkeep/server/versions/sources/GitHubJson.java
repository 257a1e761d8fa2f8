package dev.upkeep.server.versions.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.versions.order.VersionOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the GitHub REST API's answers that {@link GitHubSource} asks for: releases ({@code
 * tag_name}, {@code draft}, {@code prerelease}), tags ({@code name}), a file of the contents API
 * ({@code content} in Base64 with line breaks, {@code encoding: "base64"}), and {@code
 * .migas.json}, whose {@code bad_versions} migas-server reads as a list of version strings; Upkeep
 * also accepts objects {@code {"version", "reason", "replacement"}} in that list.
 */
final class GitHubJson {
  /** A tag or release name that is a version: a digit first (after a leading v), no whitespace. */
  private static final Pattern VERSION = Pattern.compile("^\\d\\S{0,99}$");

  private static final ObjectMapper JSON = new ObjectMapper();

  private GitHubJson() {}

  /** Non-draft releases whose tag is a version, with GitHub's pre-release flag. */
  static List<SourceRelease> releases(byte[] body, String what) throws SourceException {
    List<SourceRelease> out = new ArrayList<>();
    for (JsonNode r : array(body, what)) {
      if (r.path("draft").asBoolean(false)) {
        continue;
      }
      String v = version(r.path("tag_name").asText(""));
      if (v != null) {
        out.add(new SourceRelease(v, r.path("prerelease").asBoolean(false)));
      }
    }
    return out;
  }

  /** Tags whose name is a version. */
  static List<String> tags(byte[] body, String what) throws SourceException {
    List<String> out = new ArrayList<>();
    for (JsonNode t : array(body, what)) {
      String v = version(t.path("name").asText(""));
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** The decoded content of a contents-API file answer. */
  static byte[] fileContent(byte[] body, String what) throws SourceException {
    JsonNode file = tree(body, what);
    JsonNode content = file.get("content");
    if (!file.isObject() || content == null || !content.isTextual()) {
      throw new SourceException(what + " is not a GitHub contents answer: no \"content\"");
    }
    if (!"base64".equals(file.path("encoding").asText("base64"))) {
      throw new SourceException(
          what + " has encoding \"" + file.path("encoding").asText() + "\", not base64");
    }
    try {
      return Base64.getMimeDecoder().decode(content.textValue());
    } catch (IllegalArgumentException e) {
      throw new SourceException(what + " has content that is not Base64: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code bad_versions} of a {@code .migas.json}: strings, or objects with {@code version} and
   * optional {@code reason} and {@code replacement}; a missing list is no flag.
   *
   * @param repo {@code owner/repo}, named in the default reason
   */
  static List<SourceFlag> badVersions(byte[] migasJson, String repo) throws SourceException {
    String what = ".migas.json of " + repo;
    JsonNode root = tree(migasJson, what);
    if (!root.isObject()) {
      throw new SourceException(what + " is not a JSON object");
    }
    JsonNode bad = root.get("bad_versions");
    if (bad == null || bad.isNull()) {
      return List.of();
    }
    if (!bad.isArray()) {
      throw new SourceException(what + ": bad_versions is not a list");
    }
    String defaultReason = "Marked bad in .migas.json of " + repo + ".";
    List<SourceFlag> out = new ArrayList<>();
    for (JsonNode b : bad) {
      String v;
      String reason = null;
      String replacement = null;
      if (b.isTextual()) {
        v = b.textValue();
      } else if (b.isObject() && b.path("version").isTextual()) {
        v = b.get("version").textValue();
        reason = b.path("reason").isTextual() ? b.get("reason").textValue().strip() : null;
        replacement =
            b.path("replacement").isTextual() ? version(b.get("replacement").textValue()) : null;
      } else {
        throw new SourceException(what + ": bad_versions holds " + b + ", not a version");
      }
      String version = version(v);
      if (version != null) {
        out.add(
            new SourceFlag(
                version, reason == null || reason.isEmpty() ? defaultReason : reason, replacement));
      }
    }
    return out;
  }

  /** The name without a leading v when it is a version, else null. */
  static String version(String name) {
    String v = VersionOrder.strip(name.strip());
    return VERSION.matcher(v).matches() ? v : null;
  }

  private static JsonNode array(byte[] body, String what) throws SourceException {
    JsonNode root = tree(body, what);
    if (!root.isArray()) {
      throw new SourceException(what + " is not a JSON list as GitHub answers it");
    }
    return root;
  }

  private static JsonNode tree(byte[] body, String what) throws SourceException {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw new SourceException(what + " is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new SourceException(what + " is not JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new SourceException(what + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
