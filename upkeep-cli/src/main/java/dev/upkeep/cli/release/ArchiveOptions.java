package dev.upkeep.cli.release;

import dev.upkeep.archive.Archive;
import dev.upkeep.archive.CaBundle;
import dev.upkeep.archive.CdcsArchive;
import dev.upkeep.archive.CdcsArchiveBuilder;
import dev.upkeep.archive.CdcsAuth;
import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * {@code --archive}, {@code --workspace}, {@code --threads} and the credentials of remote archives,
 * shared by the release commands. A token comes from {@code --token}, else {@code
 * UPKEEP_ARCHIVE_TOKEN}, else what {@code upkeep login} stored; the first two are never written.
 */
final class ArchiveOptions {
  /** The environment variable of an archive token: {@value}. */
  static final String TOKEN_VARIABLE = "UPKEEP_ARCHIVE_TOKEN";

  /** The environment variable of a CDCS password: {@value}. */
  static final String PASSWORD_VARIABLE = "UPKEEP_ARCHIVE_PASSWORD";

  /** The environment variable of a CA bundle: {@value}. */
  static final String CA_BUNDLE_VARIABLE = "UPKEEP_CA_BUNDLE";

  @Option(
      names = "--archive",
      paramLabel = "ARCHIVE",
      description =
          "The archive: a directory (rmellipse's layout), https://COLLECTOR/ (an Upkeep collector),"
              + " cdcs+https://CDCS/, or a name from archives.toml or rme.yml (default: the one"
              + " marked default).")
  String archive;

  @Option(
      names = "--workspace",
      paramLabel = "W",
      defaultValue = Workspace.DEFAULT,
      description = "Workspace (default: ${DEFAULT-VALUE}).")
  String workspace;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Transfer threads (default: twice the processors, at least 4).")
  Integer threads;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Token of a remote archive (default: $UPKEEP_ARCHIVE_TOKEN, else the one upkeep login"
              + " stored). Never stored.")
  String token;

  @Option(
      names = "--user",
      paramLabel = "USER",
      description =
          "CDCS: sign in as USER with a password ($UPKEEP_ARCHIVE_PASSWORD, else the one upkeep"
              + " login --user stored); default: the archive's user in archives.toml or rme.yml,"
              + " else a token.")
  String user;

  @Option(
      names = "--ca-bundle",
      paramLabel = "PEM",
      description =
          "Trust these CA certificates instead of Java's (default: $UPKEEP_CA_BUNDLE). TLS is"
              + " always verified.")
  Path caBundle;

  /** The environment; tests replace it. */
  Map<String, String> environment = System.getenv();

  /** The engine on the archive, with progress on {@code err}. */
  Releases open(PrintWriter err) throws IOException {
    return open(err, null, false);
  }

  /**
   * The engine on the archive, with progress on {@code err} unless {@code quiet} (warnings even
   * then).
   *
   * @param project the collector project a first release of a title goes to, or null
   */
  Releases open(PrintWriter err, String project, boolean quiet) throws IOException {
    Releases releases = Releases.on(archive(project));
    if (threads != null) {
      releases = releases.threads(threads);
    }
    return releases.listener(quiet ? TransferProgress.quiet(err) : TransferProgress.on(err));
  }

  /** The archive chosen, opened with its credentials. */
  Archive archive(String project) throws IOException {
    Path here = Path.of("").toAbsolutePath();
    NamedArchives.Named named = resolve(here);
    ArchiveLocation location =
        named != null ? named.location() : ArchiveLocation.parse(archive, here);
    if (location instanceof ArchiveLocation.Collector c) {
      return UpkeepArchive.at(c.url())
          .token(secret(ArchiveLocation.host(c.url()), ArchiveCredentials.TOKEN_ACCOUNT))
          .project(project != null ? project : named == null ? null : named.project())
          .trust(trust(named))
          .build();
    }
    if (location instanceof ArchiveLocation.Cdcs c) {
      return cdcs(c.url(), named);
    }
    return FileSystemArchive.open(((ArchiveLocation.Directory) location).path());
  }

  private Archive cdcs(URI url, NamedArchives.Named named) throws IOException {
    String host = ArchiveLocation.host(url);
    String who = user != null ? user : named == null ? null : named.user();
    CdcsAuth auth;
    if (who != null) {
      String password = environment.get(PASSWORD_VARIABLE);
      if (password == null || password.isBlank()) {
        password =
            ArchiveCredentials.standard(environment)
                .find(host, who)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no password for "
                                + who
                                + " at "
                                + host
                                + ": set "
                                + PASSWORD_VARIABLE
                                + " or run upkeep login "
                                + (archive == null ? "cdcs+" + url : archive)
                                + " --user "
                                + who));
      }
      auth = CdcsAuth.basic(who, password);
    } else {
      String t = secret(host, ArchiveCredentials.TOKEN_ACCOUNT);
      if (t == null) {
        throw new IllegalArgumentException(
            "CDCS at "
                + host
                + " needs a user (--user, with a password) or a token (--token,"
                + " upkeep login)");
      }
      auth = CdcsAuth.token(t);
    }
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(CdcsArchiveBuilder.DEFAULT_CONNECT_TIMEOUT_SECONDS));
    SSLContext trust = trust(named);
    if (trust != null) {
      http.sslContext(trust);
    }
    return CdcsArchive.builder(url, auth).httpClient(http.build()).build();
  }

  /** The named archive {@code --archive} means, or the default one; null for a location. */
  private NamedArchives.Named resolve(Path here) throws IOException {
    Path config = ConfigHome.of(environment);
    Path home = Path.of(System.getProperty("user.home"));
    if (archive == null) {
      return NamedArchives.defaultArchive(here, config, home)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no archive: give --archive, or mark one default in "
                          + NamedArchives.file(config)
                          + " or rme.yml"));
    }
    if (archive.contains("://") || archive.contains("/") || archive.contains("\\")) {
      return null;
    }
    return NamedArchives.find(archive, here, config, home).orElse(null);
  }

  /** A secret given for this call, else the stored one, else null. */
  private String secret(String host, String account) throws IOException {
    if (token != null && !token.isBlank()) {
      return token;
    }
    String env = environment.get(TOKEN_VARIABLE);
    if (env != null && !env.isBlank()) {
      return env;
    }
    return ArchiveCredentials.standard(environment).find(host, account).orElse(null);
  }

  private SSLContext trust(NamedArchives.Named named) throws IOException {
    Path bundle = caBundle;
    if (bundle == null && environment.get(CA_BUNDLE_VARIABLE) != null) {
      bundle = Path.of(environment.get(CA_BUNDLE_VARIABLE));
    }
    if (bundle == null && named != null) {
      bundle = named.caBundle();
    }
    return bundle == null ? null : CaBundle.load(bundle);
  }

  String workspace() {
    return Workspace.check(workspace);
  }

  /** Names release {@code name} {@code version} in the chosen workspace. */
  ReleaseId release(String name, String version) {
    return new ReleaseId(workspace(), Title.of(name), ReleaseVersion.of(version));
  }
}
