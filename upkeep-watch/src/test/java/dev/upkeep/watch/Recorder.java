package dev.upkeep.watch;

import static org.awaitility.Awaitility.await;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every run and notice, and waits for them. */
final class Recorder implements WatchListener {
  /** How long "no more runs" must hold. */
  static final Duration QUIET = Duration.ofMillis(800);

  final List<Run> runs = new CopyOnWriteArrayList<>();
  final List<String> notices = new CopyOnWriteArrayList<>();

  @Override
  public void onRun(Run run) {
    runs.add(run);
  }

  @Override
  public void onNotice(Level level, String message) {
    notices.add(level + " " + message);
  }

  /** Waits for run {@code n} and returns it. */
  Run awaitRun(int n) {
    await("run " + n).atMost(Duration.ofSeconds(15)).until(() -> runs.size() >= n);
    return runs.get(n - 1);
  }

  /** Waits until exactly {@code n} runs have finished and no other follows for {@link #QUIET}. */
  void awaitExactly(int n) {
    if (n > 0) {
      awaitRun(n);
    }
    await("exactly " + n + " runs")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(10))
        .until(() -> runs.size() == n);
  }
}
