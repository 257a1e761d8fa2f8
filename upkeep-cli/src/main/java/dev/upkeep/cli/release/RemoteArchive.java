package dev.upkeep.cli.release;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The archive {@code upkeep login} and {@code logout} name, and whose secret they keep: the host of
 * a collector or CDCS URL (given, or named in archives.toml or rme.yml), and the account — the user
 * for a password, {@link ArchiveCredentials#TOKEN_ACCOUNT} for a token.
 */
record RemoteArchive(String host, String account, ArchiveCredentials credentials) {
  /** {@code password} or {@code token}, for messages. */
  String what() {
    return account.equals(ArchiveCredentials.TOKEN_ACCOUNT) ? "token" : account + "'s password";
  }

  /**
   * Resolves {@code spec}.
   *
   * @param user the user of a password, or null for a token (a named archive's user is not assumed:
   *     a token is what a collector takes)
   * @throws IllegalArgumentException for a directory, which needs no credential
   */
  static RemoteArchive of(String spec, String user) throws IOException {
    Path here = Path.of("").toAbsolutePath();
    Path config = ConfigHome.of(System.getenv());
    NamedArchives.Named named =
        spec.contains("://")
            ? null
            : NamedArchives.find(spec, here, config, Path.of(System.getProperty("user.home")))
                .orElse(null);
    ArchiveLocation location = named != null ? named.location() : ArchiveLocation.parse(spec, here);
    if (user == null && named != null) {
      user = named.user();
    }
    URI url;
    if (location instanceof ArchiveLocation.Collector c) {
      url = c.url();
    } else if (location instanceof ArchiveLocation.Cdcs c) {
      url = c.url();
    } else {
      throw new IllegalArgumentException(
          spec + " is a directory archive: it needs no login (give https:// or cdcs+https://)");
    }
    return new RemoteArchive(
        ArchiveLocation.host(url),
        user == null || user.isBlank() ? ArchiveCredentials.TOKEN_ACCOUNT : user,
        ArchiveCredentials.standard(System.getenv()));
  }
}
