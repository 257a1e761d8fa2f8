package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatExceptionTest {

  @Test
  void joinsProblemsIntoTheMessage() {
    List<String> problems = new ArrayList<>(List.of("a: required", "b: must be a string, was 1"));

    WireFormatException e = new WireFormatException(problems);
    problems.clear();

    assertThat(e).hasMessage("a: required; b: must be a string, was 1");
    assertThat(e.problems()).containsExactly("a: required", "b: must be a string, was 1");
    assertThatThrownBy(() -> e.problems().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void singleProblem() {
    WireFormatException e = new WireFormatException("batch is empty");

    assertThat(e).hasMessage("batch is empty").isInstanceOf(IllegalArgumentException.class);
    assertThat(e.problems()).containsExactly("batch is empty");
  }

  @Test
  void rejectsEmptyProblemLists() {
    assertThatThrownBy(() -> new WireFormatException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("problems must not be empty");
  }
}
