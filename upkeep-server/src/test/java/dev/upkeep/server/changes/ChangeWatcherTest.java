package dev.upkeep.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.store.Change;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.ChangeTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChangeWatcherTest {
  /** A change log in memory: appended changes get the next revision. */
  static final class FakeLog implements ChangeLog {
    final List<Change> changes = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    void append(ChangeTopic topic, long project) {
      changes.add(new Change(topic, project, changes.size() + 1));
    }

    @Override
    public long head() {
      return changes.size();
    }

    @Override
    public List<Change> since(long revision) {
      reads.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("connection refused");
      }
      return changes.stream().filter(c -> c.revision() > revision).toList();
    }
  }

  final FakeLog log = new FakeLog();
  final List<String> heard = new CopyOnWriteArrayList<>();

  ChangeWatcher manual() {
    return new ChangeWatcher(
        log, Duration.ofHours(1), Executors.newSingleThreadScheduledExecutor());
  }

  @Test
  void changesBeforeTheStartAreNotHandedOutThoseAfterAreToTheirTopicsListeners() {
    log.append(ChangeTopic.VERSIONS, 1);
    try (ChangeWatcher w = manual()) {
      w.on(ChangeTopic.VERSIONS, p -> heard.add("versions " + p));
      w.on(ChangeTopic.PROJECT, p -> heard.add("project " + p));
      w.on(ChangeTopic.PROJECT, p -> heard.add("project again " + p));
      w.start();
      assertThat(w.poll()).isZero();

      log.append(ChangeTopic.PROJECT, 7);
      log.append(ChangeTopic.VERSIONS, 8);

      assertThat(w.poll()).isEqualTo(2);
      assertThat(heard).containsExactly("project 7", "project again 7", "versions 8");
      assertThat(w.poll()).isZero();
      assertThat(heard).hasSize(3);
    }
  }

  @Test
  void aChangeWhoseListenerFailedIsHandedOutAgain() {
    AtomicBoolean fail = new AtomicBoolean(true);
    try (ChangeWatcher w = manual()) {
      w.on(
          ChangeTopic.VERSION_SOURCES,
          p -> {
            if (fail.get()) {
              throw new IllegalStateException("the store failed");
            }
            heard.add("sources " + p);
          });
      w.start();
      log.append(ChangeTopic.VERSION_SOURCES, 3);

      assertThatThrownBy(w::poll).hasMessage("the store failed");
      fail.set(false);

      assertThat(w.poll()).isEqualTo(1);
      assertThat(heard).containsExactly("sources 3");
    }
  }

  @Test
  void whatChangedWhileTheLogWasUnreachableIsCaughtUp() {
    try (ChangeWatcher w = ChangeWatcher.create(log, Duration.ofMillis(20))) {
      w.on(ChangeTopic.VERSIONS, p -> heard.add("versions " + p));
      w.start();
      log.down.set(true);
      log.append(ChangeTopic.VERSIONS, 1);
      log.append(ChangeTopic.VERSIONS, 2);
      int before = log.reads.get();
      await().atMost(Duration.ofSeconds(5)).until(() -> log.reads.get() > before + 2);
      assertThat(heard).isEmpty();

      log.down.set(false);

      await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
      assertThat(heard).containsExactly("versions 1", "versions 2");
    }
  }

  @Test
  void offReadsNothing() {
    List<Long> none = new ArrayList<>();
    try (ChangeWatcher w = ChangeWatcher.off()) {
      w.on(ChangeTopic.VERSIONS, none::add);
      w.start();
      assertThat(w.poll()).isZero();
    }
    assertThat(none).isEmpty();
  }
}
