package dev.upkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL chores of the {@code bench/run-*.sh} scripts, so that they need no {@code psql}:
 *
 * <pre>{@code
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool create BASE_URL PREFIX APPNAME   # prints the URL of a new schema
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool kept BASE_URL SCHEMA APPNAME     # the same, fixed name, kept
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool has-events URL                   # exit 0 when it holds events
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool drop URL                         # drops the URL's currentSchema
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool settings URL                     # version and write settings
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool bytes URL                        # size of the schema's tables
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool pids URL PREFIX                  # pids working for PREFIX
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool cpu-sample URL PREFIX FILE       # see PostgresCpu
 * java -cp upkeep-bench.jar dev.upkeep.bench.PgTool cpu-delta FILE1 FILE2            # "ours background reaped others" in s
 * }</pre>
 *
 * Exits 2 with a message on a usage error or a failure.
 */
public final class PgTool {
  private PgTool() {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalArgumentException | java.sql.SQLException | IOException e) {
      System.err.println("PgTool " + String.join(" ", args) + ": " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] a) throws Exception {
    String command = a.length == 0 ? "" : a[0];
    switch (command) {
      case "create" -> {
        need(a, 4);
        System.out.println(PgSchema.create(a[1], a[2], a[3]).url());
      }
      case "kept" -> {
        need(a, 4);
        System.out.println(PgSchema.kept(a[1], a[2], a[3]).url());
      }
      case "has-events" -> {
        need(a, 2);
        System.exit(PgSchema.hasEvents(PgSchema.baseOf(a[1]), schema(a[1])) ? 0 : 1);
      }
      case "drop" -> {
        need(a, 2);
        PgSchema.drop(PgSchema.baseOf(a[1]), schema(a[1]));
      }
      case "settings" -> {
        need(a, 2);
        System.out.println(PgSchema.describeSettings(PgSchema.baseOf(a[1])));
      }
      case "bytes" -> {
        need(a, 2);
        System.out.println(PgSchema.bytes(PgSchema.baseOf(a[1]), schema(a[1])));
      }
      case "pids" -> {
        need(a, 3);
        try (PostgresCpu cpu = new PostgresCpu(a[1], a[2])) {
          PostgresCpu.Sample sample = cpu.sample();
          List<Long> pids = new ArrayList<>(sample.ours().keySet());
          pids.addAll(sample.background().keySet());
          System.out.println(
              String.join(" ", pids.stream().sorted().map(String::valueOf).toList()));
        }
      }
      case "cpu-sample" -> {
        need(a, 4);
        try (PostgresCpu cpu = new PostgresCpu(a[1], a[2])) {
          write(cpu.sample(), Path.of(a[3]));
        }
      }
      case "cpu-delta" -> {
        need(a, 3);
        PostgresCpu.Usage u = PostgresCpu.between(read(Path.of(a[1])), read(Path.of(a[2])));
        System.out.printf(
            Locale.ROOT,
            "%.2f %.2f %.2f %.2f%n",
            u.ours() / 1e9,
            u.background() / 1e9,
            u.reaped() / 1e9,
            u.others() / 1e9);
      }
      default ->
          throw new IllegalArgumentException(
              "commands: create, kept, has-events, drop, settings, bytes, pids, cpu-sample,"
                  + " cpu-delta");
    }
  }

  private static void need(String[] a, int n) {
    if (a.length != n) {
      throw new IllegalArgumentException(a[0] + " takes " + (n - 1) + " arguments");
    }
  }

  private static String schema(String url) {
    String s = PgSchema.schemaOf(url);
    if (s == null) {
      throw new IllegalArgumentException("the URL names no currentSchema: " + url);
    }
    return s;
  }

  private static void write(PostgresCpu.Sample s, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    s.ours().forEach((pid, ns) -> lines.add("ours " + pid + " " + ns));
    s.background().forEach((pid, ns) -> lines.add("background " + pid + " " + ns));
    s.others().forEach((pid, ns) -> lines.add("others " + pid + " " + ns));
    lines.add("reaped 0 " + s.reaped());
    Files.write(file, lines);
  }

  private static PostgresCpu.Sample read(Path file) throws IOException {
    Map<String, Map<Long, Long>> kinds = new HashMap<>();
    long reaped = 0;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      if (f[0].equals("reaped")) {
        reaped = Long.parseLong(f[2]);
      } else {
        kinds
            .computeIfAbsent(f[0], k -> new HashMap<>())
            .put(Long.parseLong(f[1]), Long.parseLong(f[2]));
      }
    }
    return new PostgresCpu.Sample(
        kinds.getOrDefault("ours", Map.of()),
        kinds.getOrDefault("background", Map.of()),
        kinds.getOrDefault("others", Map.of()),
        reaped,
        new long[4]);
  }
}
