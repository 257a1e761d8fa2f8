package dev.upkeep.watch.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.watch.internal.source.Hints;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebouncerTest {
  static final long MS = 1_000_000L;
  final Debouncer debouncer = new Debouncer(50 * MS, 1_000 * MS);

  static Hints hint(String path) {
    return new Hints(Set.of(Path.of(path)), false);
  }

  @Test
  void dueOnceEventsWereQuietForTheDebounceTime() {
    assertThat(debouncer.pending()).isFalse();
    debouncer.add(hint("/w/a"), 0);
    assertThat(debouncer.due(49 * MS)).isFalse();
    debouncer.add(hint("/w/b"), 40 * MS); // a later event restarts the quiet time
    assertThat(debouncer.deadline()).isEqualTo(90 * MS);
    assertThat(debouncer.due(89 * MS)).isFalse();
    assertThat(debouncer.due(90 * MS)).isTrue();
    Hints due = debouncer.take();
    assertThat(due.paths()).containsExactlyInAnyOrder(Path.of("/w/a"), Path.of("/w/b"));
    assertThat(due.everything()).isFalse();
    assertThat(debouncer.pending()).isFalse();
  }

  @Test
  void aFileThatKeepsChangingIsCheckedAtTheLatestAfterTheMaximum() {
    for (long t = 0; t <= 1_500 * MS; t += 10 * MS) {
      debouncer.add(hint("/w/log"), t);
      if (debouncer.due(t)) {
        assertThat(t).isEqualTo(1_000 * MS);
        return;
      }
    }
    throw new AssertionError("never due");
  }

  @Test
  void anOverflowMeansEverything() {
    debouncer.add(hint("/w/a"), 0);
    debouncer.add(new Hints(Set.of(), true), 1);
    assertThat(debouncer.take().everything()).isTrue();
  }

  @Test
  void noEventsNothingPending() {
    debouncer.add(Hints.NONE, 0);
    assertThat(debouncer.pending()).isFalse();
    assertThat(debouncer.due(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void zeroDebounceIsDueAtOnce() {
    Debouncer now = new Debouncer(0, 1_000 * MS);
    now.add(hint("/w/a"), 7);
    assertThat(now.due(7)).isTrue();
  }

  @Test
  void worksAcrossNanoTimeOverflow() {
    long t = Long.MAX_VALUE - 10 * MS;
    debouncer.add(hint("/w/a"), t);
    assertThat(debouncer.due(t + 49 * MS)).isFalse();
    assertThat(debouncer.due(t + 50 * MS)).isTrue();
  }

  @Test
  void clearForgetsWhatWaited() {
    debouncer.add(hint("/w/a"), 0);
    debouncer.clear();
    assertThat(debouncer.pending()).isFalse();
    debouncer.add(hint("/w/b"), 100 * MS);
    assertThat(debouncer.take().paths()).containsExactly(Path.of("/w/b"));
  }
}
