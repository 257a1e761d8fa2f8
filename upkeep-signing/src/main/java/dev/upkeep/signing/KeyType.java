package dev.upkeep.signing;

/** The kinds of signing key {@link Keys#generate} makes. */
public enum KeyType {
  /**
   * RSA, signing with RSASSA-PSS (SHA-256, MGF1-SHA-256, maximum salt): what otumat and the OpenSSL
   * CLI verify. The default.
   */
  RSA,
  /** Ed25519 (RFC 8032): small keys and signatures; not understood by otumat. */
  ED25519;

  /** The type named {@code rsa} or {@code ed25519} (any case). */
  public static KeyType parse(String name) {
    for (KeyType t : values()) {
      if (t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("key type must be rsa or ed25519, was " + name);
  }
}
