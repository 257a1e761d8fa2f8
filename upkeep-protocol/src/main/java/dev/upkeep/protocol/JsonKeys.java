package dev.upkeep.protocol;

/**
 * The object keys {@link JsonParser} shares instead of allocating them: the fields of {@link
 * WireEvent} and {@code events}, in a small open-addressing table looked up by {@link
 * String#hashCode()}. A shared key also makes later map look-ups identity matches. Immutable,
 * thread-safe.
 */
final class JsonKeys {
  /** Object keys worth sharing: the fields of {@link WireEvent}. */
  private static final String[] KNOWN_KEYS = {
    "id",
    "kind",
    "project",
    "version",
    "timestamp",
    "language",
    "language_version",
    "user_id",
    "session_id",
    "user_type",
    "platform",
    "container",
    "is_ci",
    "status",
    "status_desc",
    "error_type",
    "error_desc",
    "attributes",
    "events"
  };

  private static final int KEY_MASK = 63;
  private static final String[] KNOWN_KEY_TABLE = new String[KEY_MASK + 1];

  static {
    for (String key : KNOWN_KEYS) {
      int slot = key.hashCode() & KEY_MASK;
      while (KNOWN_KEY_TABLE[slot] != null) {
        slot = (slot + 1) & KEY_MASK;
      }
      KNOWN_KEY_TABLE[slot] = key;
    }
  }

  private JsonKeys() {}

  /**
   * The shared key equal to {@code text[start, start + length)}, or null when there is none.
   *
   * @param hash the {@link String#hashCode()} of that range
   */
  static String known(String text, int start, int length, int hash) {
    for (int slot = hash & KEY_MASK; ; slot = (slot + 1) & KEY_MASK) {
      String known = KNOWN_KEY_TABLE[slot];
      if (known == null) {
        return null;
      }
      if (known.hashCode() == hash
          && known.length() == length
          && text.regionMatches(start, known, 0, length)) {
        return known;
      }
    }
  }
}
