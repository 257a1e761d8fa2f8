package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapAdviceTest {
  private static final long GIB = 1L << 30;

  @Test
  void aHeapOptionMeansTheHeapWasChosen() {
    assertThat(HeapAdvice.chosen(List.of("-Xmx256m"))).isTrue();
    assertThat(HeapAdvice.chosen(List.of("-Dx=y", "-XX:MaxRAMPercentage=25"))).isTrue();
    assertThat(HeapAdvice.chosen(List.of("-XX:MaxHeapSize=268435456"))).isTrue();
    assertThat(HeapAdvice.chosen(List.of("-Xms64m", "-XX:+UseSerialGC"))).isFalse();
    assertThat(HeapAdvice.chosen(List.of())).isFalse();
  }

  @Test
  void onlyALargeHeapTheJvmChoseByItselfIsWarnedAbout() {
    assertThat(HeapAdvice.warning(6 * GIB, false, GIB))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .startsWith("max heap 6.0 GiB")
                    .contains("-Xms16m -Xmx256m -XX:+UseSerialGC"));
    assertThat(HeapAdvice.warning(6 * GIB, true, GIB)).isEmpty();
    assertThat(HeapAdvice.warning(GIB, false, GIB)).isEmpty();
    assertThat(HeapAdvice.warning(6 * GIB, false, 0)).isEmpty();
  }

  @Test
  void theLineNamesTheHeapAndTheSizesChosen() {
    ServerConfig config = ServerConfig.builder().httpThreads(32).queueCapacity(16_384).build();

    assertThat(HeapAdvice.line(256L << 20, true, 2, config))
        .isEqualTo(
            "memory: max heap 256 MiB (set by a JVM option), 2 processors: http-threads 32,"
                + " queue-capacity 16384");
  }
}
