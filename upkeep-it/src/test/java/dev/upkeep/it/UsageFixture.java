package dev.upkeep.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A known, seeded stream of usage events over the last {@value #DAYS} days of one project: users
 * coming back on several days, three versions whose use moves from the oldest to the newest,
 * platforms, containers, a CI share, and tracked runs that start (R) and end succeeded (C), failed
 * with an error type (F) or suspended (S). Posted through {@code POST /v1/events} as a client
 * would.
 */
final class UsageFixture {
  static final int DAYS = 60;
  static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "2.0.0");
  private static final String[] PLATFORMS = {"linux", "linux", "linux", "darwin", "win32"};
  private static final String[] CONTAINERS = {"none", "none", "docker", "apptainer"};
  private static final String[] ERRORS = {"ValueError", "ValueError", "OSError", "MemoryError"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private UsageFixture() {}

  /** The events, oldest first, for a project, as {@code /v1/events} objects. */
  static List<Map<String, Object>> events(String project, Instant now, long seed) {
    Random random = new Random(seed);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int ago = DAYS - 1; ago >= 0; ago--) {
      Instant dayStart = today.minusDays(ago).atStartOfDay(ZoneOffset.UTC).toInstant();
      long secondsIntoDay =
          ago == 0 ? Math.max(1, Duration.between(dayStart, now).toSeconds()) : 86_400;
      int runs = 4 + random.nextInt(9) + (DAYS - ago) / 6;
      for (int r = 0; r < runs; r++) {
        int user = random.nextInt(45);
        Instant start = dayStart.plusSeconds(random.nextLong(secondsIntoDay));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("project", project);
        e.put("version", version(random, ago));
        e.put("user_id", "user-" + user);
        e.put("session_id", "s-" + ago + "-" + r);
        e.put("platform", PLATFORMS[user % PLATFORMS.length]);
        e.put("container", CONTAINERS[(user / 5) % CONTAINERS.length]);
        e.put("is_ci", user % 9 == 0);
        e.put("timestamp", start.toString());
        out.add(e);
        Map<String, Object> end = new LinkedHashMap<>(e);
        double outcome = random.nextDouble();
        if (outcome < 0.08) {
          continue; // never ended: counts as no run
        }
        end.put("status", outcome < 0.78 ? "C" : outcome < 0.95 ? "F" : "S");
        if (end.get("status").equals("F")) {
          end.put("error_type", ERRORS[random.nextInt(ERRORS.length)]);
          end.put("error_desc", "failed on purpose");
        }
        end.put("timestamp", start.toString());
        out.add(end);
      }
    }
    return out;
  }

  /** Older days run the older versions; the newest takes over in the last weeks. */
  private static String version(Random random, int ago) {
    double newest = Math.max(0, (40 - ago) / 40.0);
    double pick = random.nextDouble();
    if (pick < newest * 0.85) {
      return VERSIONS.get(2);
    }
    return pick < 0.6 + newest * 0.4 ? VERSIONS.get(1) : VERSIONS.get(0);
  }

  /** Posts the events in batches of at most 1000; fails unless every one is stored. */
  static void post(String baseUrl, List<Map<String, Object>> events) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < events.size(); i += 1000) {
      List<Map<String, Object>> batch = events.subList(i, Math.min(events.size(), i + 1000));
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(baseUrl + "/v1/events"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
              .build();
      try {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200
            || JSON.readTree(r.body()).get("stored").asInt() != batch.size()) {
          throw new IllegalStateException(
              "posting events: HTTP " + r.statusCode() + " " + r.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
