package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Random project trees with what breaks archive tools: binary, empty and CRLF files, non-ASCII and
 * YAML-special names, nested and empty directories, links to files and directories, duplicate
 * contents.
 */
public final class RandomTrees {
  static final List<String> NAMES =
      List.of(
          "yes",
          "no",
          "on",
          "off",
          "null",
          "~",
          "123",
          "1.0",
          "0x1F",
          "2026-01-01",
          "a: b #c",
          "café.txt",
          "日本語",
          "emoji-😀",
          "- dash",
          "[list]",
          "{map}",
          "'quoted'",
          "\"dq\"",
          "tab\tname",
          "space name",
          "%percent",
          "@at",
          "!bang",
          "&amp",
          "*star",
          "?q",
          "|pipe",
          ">gt",
          "#hash",
          "CRLF.txt",
          "x",
          "Read Me.md",
          "true",
          "FALSE",
          "1e3",
          ".inf",
          ".NaN",
          "<<");

  private RandomTrees() {}

  /** Writes a random tree under {@code root} (created) and returns {@code root}. */
  public static Path write(Path root, long seed) throws IOException {
    Random r = new Random(seed);
    Files.createDirectories(root);
    fill(root, r, 0);
    if (r.nextBoolean()) {
      Files.createDirectories(root.resolve("empty dir/also empty"));
    }
    return root;
  }

  private static void fill(Path dir, Random r, int depth) throws IOException {
    int entries = 1 + r.nextInt(depth == 0 ? 8 : 5);
    Path lastFile = null;
    for (int i = 0; i < entries; i++) {
      String name = NAMES.get(r.nextInt(NAMES.size())) + (r.nextInt(3) == 0 ? "" : "-" + i);
      Path p = dir.resolve(name);
      if (Files.exists(p)) {
        continue;
      }
      int kind = r.nextInt(10);
      if (kind < 2 && depth < 3) {
        Files.createDirectories(p);
        fill(p, r, depth + 1);
      } else if (kind == 2 && lastFile != null) {
        Files.createSymbolicLink(p, lastFile.getFileName());
      } else {
        Files.write(p, content(r));
        lastFile = p;
      }
    }
  }

  private static byte[] content(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> "line one\r\nline two\r\n".getBytes(StandardCharsets.UTF_8);
      case 2 -> "same content in several files\n".getBytes(StandardCharsets.UTF_8);
      case 3 -> {
        byte[] b = new byte[r.nextInt(200_000)];
        r.nextBytes(b);
        yield b;
      }
      default -> ("text é ü 😀 " + r.nextInt(1000) + "\n").getBytes(StandardCharsets.UTF_8);
    };
  }

  /** Path → bytes (files, links followed) or "dir" for every entry but .rme. */
  public static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty() || rel.equals(".rme") || rel.startsWith(".rme/")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.put(rel, "dir");
        } else {
          out.put(rel, java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
        }
        assertThat(
                Files.isSymbolicLink(p)
                    || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    || Files.isDirectory(p))
            .isTrue();
      }
    }
    return out;
  }
}
