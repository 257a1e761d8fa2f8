package dev.upkeep.client.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path tmp;

  private final Counters counters = new Counters();

  private static WireEvent event(String id) {
    return WireEvent.builder()
        .id(id)
        .project("owner/app")
        .version("1.0.0")
        .timestamp(Instant.parse("2026-11-21T10:00:00Z"))
        .status("R")
        .build();
  }

  private static List<WireEvent> batch(String... ids) {
    List<WireEvent> events = new ArrayList<>();
    for (String id : ids) {
      events.add(event(id));
    }
    return events;
  }

  private static List<String> ids(List<WireEvent> events) {
    return events.stream().map(WireEvent::id).collect(Collectors.toList());
  }

  private Spool spool(int maxFiles, long maxBytes) {
    return new Spool(tmp.resolve("spool"), maxFiles, maxBytes, counters, Clock.systemUTC());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writtenBatchesArePendingOldestFirstAndReadBackWithTheirIds() {
    Spool spool = spool(100, 1 << 20);

    spool.write(batch("a1"));
    spool.write(batch("b1", "b2"));
    spool.write(batch("c1", "c2", "c3"));

    List<Path> pending = spool.pending();
    assertThat(pending).hasSize(3);
    List<List<String>> contents = new ArrayList<>();
    for (Path p : pending) {
      contents.add(ids(spool.read(p)));
    }
    assertThat(contents)
        .containsExactly(List.of("a1"), List.of("b1", "b2"), List.of("c1", "c2", "c3"));
    assertThat(counters.spooled.get()).isEqualTo(6);
    assertThat(counters.spoolDropped.get()).isZero();
  }

  @Test
  void fileNamesFollowTheDocumentedPattern() throws IOException {
    Spool spool = spool(100, 1 << 20);

    spool.write(batch("a1"));

    assertThat(names(spool.dir()))
        .singleElement()
        .asString()
        .matches("batch-\\d{13}-\\d{6}-" + ProcessHandle.current().pid() + "\\.json");
  }

  @Test
  void claimReadDeleteEmptiesTheSpool() throws IOException {
    Spool spool = spool(100, 1 << 20);
    spool.write(batch("a1", "a2"));
    Path file = spool.pending().get(0);

    Path claimed = spool.claim(file);

    assertThat(claimed).isNotNull().exists();
    assertThat(file).doesNotExist();
    assertThat(claimed.getFileName().toString())
        .isEqualTo(file.getFileName() + ".claimed-" + ProcessHandle.current().pid());
    assertThat(spool.pending()).isEmpty();
    assertThat(ids(spool.read(claimed))).containsExactly("a1", "a2");

    spool.delete(claimed);

    assertThat(names(spool.dir())).isEmpty();
    assertThat(spool.pending()).isEmpty();
  }

  @Test
  void releasePutsAClaimedFileBack() {
    Spool spool = spool(100, 1 << 20);
    spool.write(batch("a1"));
    Path file = spool.pending().get(0);
    Path claimed = spool.claim(file);

    spool.release(claimed);

    assertThat(claimed).doesNotExist();
    assertThat(spool.pending()).containsExactly(file);
    assertThat(ids(spool.read(file))).containsExactly("a1");
  }

  @Test
  void secondClaimOfOneFileGetsNull() {
    Spool spool = spool(100, 1 << 20);
    spool.write(batch("a1"));
    Path file = spool.pending().get(0);
    Spool otherSender = new Spool(spool.dir(), 100, 1 << 20, new Counters(), Clock.systemUTC());

    Path first = spool.claim(file);
    Path second = otherSender.claim(file);

    assertThat(first).isNotNull();
    assertThat(second).isNull();
  }

  @Test
  void staleClaimOfADeadSenderIsReleasedByPending() throws IOException {
    Spool spool = spool(100, 1 << 20);
    spool.write(batch("a1"));
    Path file = spool.pending().get(0);
    Path claimed = spool.claim(file);
    Files.setLastModifiedTime(
        claimed, FileTime.fromMillis(System.currentTimeMillis() - 11 * 60 * 1000));

    spool.pending();

    assertThat(file).exists();
    assertThat(claimed).doesNotExist();
    assertThat(spool.pending()).containsExactly(file);
  }

  @Test
  void freshClaimIsLeftAlone() {
    Spool spool = spool(100, 1 << 20);
    spool.write(batch("a1"));
    Path claimed = spool.claim(spool.pending().get(0));

    assertThat(spool.pending()).isEmpty();
    assertThat(claimed).exists();
  }

  @Test
  void capOnFilesDropsTheOldestAndCountsItsEvents() {
    Spool spool = spool(2, 1 << 20);

    spool.write(batch("old1", "old2"));
    spool.write(batch("mid1"));
    spool.write(batch("new1", "new2", "new3"));

    List<Path> pending = spool.pending();
    assertThat(pending).hasSize(2);
    assertThat(ids(spool.read(pending.get(0)))).containsExactly("mid1");
    assertThat(ids(spool.read(pending.get(1)))).containsExactly("new1", "new2", "new3");
    assertThat(counters.spoolDropped.get()).isEqualTo(2);
    assertThat(counters.spooled.get()).isEqualTo(6);
  }

  @Test
  void capOnBytesDropsTheOldestAndCountsItsEvents() {
    long oneBatch = EventBatch.encode(batch("x1", "x2")).getBytes(StandardCharsets.UTF_8).length;
    Spool spool = spool(100, 2 * oneBatch + oneBatch / 2);

    spool.write(batch("a1", "a2"));
    spool.write(batch("b1", "b2"));
    assertThat(spool.pending()).hasSize(2);
    spool.write(batch("c1", "c2"));

    List<Path> pending = spool.pending();
    assertThat(pending).hasSize(2);
    assertThat(ids(spool.read(pending.get(0)))).containsExactly("b1", "b2");
    assertThat(ids(spool.read(pending.get(1)))).containsExactly("c1", "c2");
    assertThat(counters.spoolDropped.get()).isEqualTo(2);
  }

  @Test
  void newestBatchIsKeptEvenWhenItAloneExceedsTheByteCap() {
    Spool spool = spool(100, 10);

    spool.write(batch("a1"));
    spool.write(batch("b1", "b2"));

    List<Path> pending = spool.pending();
    assertThat(pending).hasSize(1);
    assertThat(ids(spool.read(pending.get(0)))).containsExactly("b1", "b2");
    assertThat(counters.spoolDropped.get()).isEqualTo(1);
  }

  @Test
  void corruptFileIsDroppedAndCounted() throws IOException {
    Spool spool = spool(100, 1 << 20);
    Files.createDirectories(spool.dir());
    Path corrupt = spool.dir().resolve("batch-0000000000001-000001-1.json");
    Files.writeString(corrupt, "[{\"id\":\"a1\",\"project\":");

    Path claimed = spool.claim(spool.pending().get(0));
    List<WireEvent> events = spool.read(claimed);

    assertThat(events).isEmpty();
    assertThat(claimed).doesNotExist();
    assertThat(counters.spoolDropped.get()).isEqualTo(1);
    assertThat(spool.pending()).isEmpty();
  }

  @Test
  void unwritableDirectoryDropsAndCountsWithoutThrowing() throws IOException {
    Path notADir = tmp.resolve("spool");
    Files.writeString(notADir, "a regular file where the spool directory should be");
    Spool spool = new Spool(notADir, 100, 1 << 20, counters, Clock.systemUTC());

    assertThatCode(() -> spool.write(batch("a1", "a2", "a3"))).doesNotThrowAnyException();

    assertThat(counters.spoolDropped.get()).isEqualTo(3);
    assertThat(counters.spooled.get()).isZero();
    assertThat(spool.pending()).isEmpty();
    assertThat(Files.readString(notADir))
        .isEqualTo("a regular file where the spool directory should be");
  }

  @Test
  void emptyBatchWritesNothing() {
    Spool spool = spool(100, 1 << 20);

    spool.write(List.of());

    assertThat(spool.dir()).doesNotExist();
    assertThat(counters.spooled.get()).isZero();
  }

  @Test
  void filesAreCompleteJsonArraysAndNoTemporaryFileIsLeft() throws IOException {
    Spool spool = spool(100, 1 << 20);

    for (int i = 0; i < 20; i++) {
      spool.write(batch("e" + i + "a", "e" + i + "b"));
    }

    List<String> names = names(spool.dir());
    assertThat(names).hasSize(20).allMatch(n -> n.startsWith("batch-") && n.endsWith(".json"));
    assertThat(names).noneMatch(n -> n.contains(".tmp-"));
    int i = 0;
    for (Path p : spool.pending()) {
      String text = Files.readString(p);
      assertThat(text).startsWith("[{").endsWith("}]");
      assertThat(ids(EventBatch.decode(text))).containsExactly("e" + i + "a", "e" + i + "b");
      i++;
    }
  }

  @Test
  void aVanishingNeighbourDoesNotMakeAStoredBatchCountAsDropped() throws IOException {
    Spool spool = spool(100, 1 << 20);
    Files.createDirectories(spool.dir());
    // a batch name whose target is gone, as a file renamed away by another sender mid-listing
    Files.createSymbolicLink(
        spool.dir().resolve("batch-0000000000001-000001-1.json"), tmp.resolve("gone.json"));

    spool.write(batch("a1", "a2"));

    assertThat(counters.spooled.get()).isEqualTo(2);
    assertThat(spool.pending().stream().filter(Files::isRegularFile)).hasSize(1);
    assertThat(counters.spoolDropped.get()).isZero();
  }
}
