package dev.upkeep.server.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  private static final Runnable NOTHING = () -> {};

  @Test
  void namedThreadsAllCarryTheNameAndNeverKeepTheJvmAlive() {
    ThreadFactory threads = DaemonThreads.named("upkeep-test");

    Thread a = threads.newThread(NOTHING);
    Thread b = threads.newThread(NOTHING);

    assertThat(a.getName()).isEqualTo("upkeep-test");
    assertThat(b.getName()).isEqualTo("upkeep-test");
    assertThat(a.isDaemon()).isTrue();
    assertThat(b.isDaemon()).isTrue();
  }

  @Test
  void numberedThreadsAreNumberedFromOnePerFactory() {
    ThreadFactory first = DaemonThreads.numbered("upkeep-test-");
    ThreadFactory second = DaemonThreads.numbered("upkeep-other-");

    assertThat(first.newThread(NOTHING).getName()).isEqualTo("upkeep-test-1");
    assertThat(first.newThread(NOTHING).getName()).isEqualTo("upkeep-test-2");
    assertThat(second.newThread(NOTHING).getName()).isEqualTo("upkeep-other-1");
    assertThat(first.newThread(NOTHING).isDaemon()).isTrue();
  }
}
