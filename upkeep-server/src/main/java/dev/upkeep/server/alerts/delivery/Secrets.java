package dev.upkeep.server.alerts.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The secrets of one attempt: reveals them, and remembers them to remove them from every error text
 * before it is logged or recorded. Not thread-safe: one per attempt.
 */
final class Secrets {
  private static final String MASK = "[redacted]";

  private final Function<String, String> environment;
  private final Supplier<SecretBox> box;
  private final List<String> revealed = new ArrayList<>();

  Secrets(Function<String, String> environment, Supplier<SecretBox> box) {
    this.environment = environment;
    this.box = box;
  }

  /** The clear value of {@code ref}; see {@link SecretRef#reveal}. */
  String reveal(SecretRef ref) {
    String value = ref.reveal(environment, ref.isEnv() ? null : box.get());
    hide(value);
    return value;
  }

  /** Also removes {@code value} (e.g. Slack's webhook URL) from error texts. */
  void hide(String value) {
    if (value != null && value.length() >= 4) {
      revealed.add(value);
      revealed.sort(Comparator.comparingInt(String::length).reversed());
    }
  }

  /**
   * {@code text} cut to at most {@code max} characters, first scrubbed, and with no secret's
   * beginning left at the cut ({@code text} may itself be the start of something longer).
   */
  String scrubAndCut(String text, int max) {
    String out = withoutPartialEnd(scrub(text));
    if (out.length() <= max) {
      return out;
    }
    return withoutPartialEnd(out.substring(0, max)) + "…";
  }

  /** {@code text} less an end that is the first 4 or more characters of a secret. */
  private String withoutPartialEnd(String text) {
    for (String secret : revealed) {
      for (int n = Math.min(secret.length() - 1, text.length()); n >= 4; n--) {
        if (text.endsWith(secret.substring(0, n))) {
          return text.substring(0, text.length() - n) + MASK;
        }
      }
    }
    return text;
  }

  /** {@code text} with every revealed secret replaced by {@value #MASK}. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : revealed) {
      out = out.replace(secret, MASK);
    }
    return out;
  }
}
