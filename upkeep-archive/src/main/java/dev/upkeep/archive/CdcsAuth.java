package dev.upkeep.archive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How {@link CdcsArchive} signs in to a CDCS: HTTP Basic with a user and password (as rmellipse
 * does) or a REST token ({@code Authorization: Token <token>}, Django REST framework's token
 * authentication, which CDCS also accepts). Immutable and thread-safe; {@link #toString()} never
 * shows the secret.
 */
public sealed interface CdcsAuth permits CdcsAuth.Basic, CdcsAuth.Token {
  /** HTTP Basic. */
  static CdcsAuth basic(String user, String password) {
    return new Basic(user, password);
  }

  /** A REST token. */
  static CdcsAuth token(String token) {
    return new Token(token);
  }

  /** The value of the {@code Authorization} header: {@code Basic <base64>} or {@code Token <t>}. */
  String header();

  /** Who signs in, for messages: the user, or "a token". */
  String who();

  /**
   * HTTP Basic: {@code Authorization: Basic base64(user ":" password)}, UTF-8.
   *
   * @param user the CDCS user name; not empty, no {@code :}, no control characters
   * @param password the password; no control characters
   */
  record Basic(String user, String password) implements CdcsAuth {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.indexOf(':') >= 0 || hasControl(user)) {
        throw new IllegalArgumentException(
            "CDCS user must be non-empty, without ':' or control characters");
      }
      if (hasControl(password)) {
        throw new IllegalArgumentException("CDCS password holds a control character");
      }
    }

    @Override
    public String header() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String who() {
      return "user " + user;
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=***]";
    }
  }

  /**
   * A REST token: {@code Authorization: Token <token>}.
   *
   * @param token the token; not blank, printable ASCII without spaces
   */
  record Token(String token) implements CdcsAuth {
    public Token {
      Objects.requireNonNull(token, "token");
      if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "CDCS token must be printable ASCII without spaces, and not empty");
      }
    }

    @Override
    public String header() {
      return "Token " + token;
    }

    @Override
    public String who() {
      return "a token";
    }

    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
