package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random trees in a real git repository: the git flavour equals {@code git ls-files -s DIR | git
 * hash-object --stdin} every time, listing and hash.
 */
class GitTreeIT {
  private static final int TREES = 30;
  private static final String[] NAMES = {
    "a",
    "a.b",
    "a-b",
    "a_b",
    "A",
    "b",
    "z.txt",
    "README",
    "café.py",
    "日本語.txt",
    "😀.bin",
    "with space",
    "quote\"d",
    "back\\slash",
    "tab\tname",
    "new\nline",
    "x\u007fdel",
    ".hidden",
    "-dash",
    "ünïcödé",
    "e\u0301",
    "0",
    "10",
    "9"
  };

  @TempDir Path repo;

  @Test
  void gitFlavourEqualsRealGit() throws Exception {
    Commands.ok(repo, null, "git", "init", "-q", ".");
    for (int seed = 0; seed < TREES; seed++) {
      Path tree = repo.resolve("tree-" + seed);
      randomTree(tree, new Random(seed), 3);
      // a/ beside a.b/ (here k/ and k.b/, outside the random names), every time
      Files.createDirectories(tree.resolve("k"));
      Files.createDirectories(tree.resolve("k.b"));
      Files.writeString(tree.resolve("k/f"), "x\n");
      Files.writeString(tree.resolve("k.b/f"), "y\n");
    }
    Commands.ok(repo, null, "git", "add", "-A");

    for (int seed = 0; seed < TREES; seed++) {
      String name = "tree-" + seed;
      String gitListing = Commands.ok(repo, null, "git", "ls-files", "-s", name);
      String gitHash = Commands.ok(repo, gitListing, "git", "hash-object", "--stdin").strip();

      TreeHash ours = TreeHash.of(repo.resolve(name), Flavour.GIT);

      assertThat(ours.listing()).as("listing of %s", name).isEqualTo(gitListing);
      assertThat(ours.hex()).as("hash of %s", name).isEqualTo(gitHash);
    }
  }

  @Test
  void coversEveryKindOfEntry() throws Exception {
    Commands.ok(repo, null, "git", "init", "-q", ".");
    List<String> kinds = new ArrayList<>();
    for (int seed = 0; seed < TREES; seed++) {
      randomTree(repo.resolve("t" + seed), new Random(seed), 3);
    }
    Commands.ok(repo, null, "git", "add", "-A");
    String listing = Commands.ok(repo, null, "git", "-c", "core.quotePath=true", "ls-files", "-s");
    for (String mode : new String[] {"100644 ", "100755 ", "120000 "}) {
      if (listing.contains(mode)) {
        kinds.add(mode.strip());
      }
    }
    assertThat(kinds).as("the random trees hold files, executables and links").hasSize(3);
    assertThat(listing).as("and quoted non-ASCII names").contains("\"t0/", "\\303\\251");
  }

  /** Files (text, CRLF, binary, empty), executables, symbolic links and subdirectories. */
  private static void randomTree(Path dir, Random random, int depth) throws Exception {
    Files.createDirectories(dir);
    int entries = 3 + random.nextInt(8);
    for (int i = 0; i < entries; i++) {
      Path p = dir.resolve(NAMES[random.nextInt(NAMES.length)] + (random.nextInt(3) == 0 ? "" : i));
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      int kind = random.nextInt(10);
      if (kind < 2 && depth > 0) {
        randomTree(p, random, depth - 1);
      } else if (kind == 2) {
        Files.createSymbolicLink(p, Path.of(random.nextBoolean() ? "a" : "../nowhere/ü"));
      } else {
        Files.write(p, content(random));
        if (kind == 3) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (kind == 4) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r-xr-x"));
        }
      }
    }
  }

  private static byte[] content(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return new byte[0];
      case 1:
        return "line one\r\nline two\rthree\n".getBytes(StandardCharsets.UTF_8);
      default:
        byte[] bytes = new byte[random.nextInt(200_000)];
        random.nextBytes(bytes);
        return bytes;
    }
  }
}
