package dev.upkeep.signing.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Loads the providers of a service from plugin jars, but only from jars a {@link PluginVerifier}
 * trusts: the {@link ServiceLoader} for plugins.
 *
 * <pre>{@code
 * try (VerifiedPlugins<Reporter> plugins =
 *     VerifiedPlugins.load(Reporter.class, jarsIn(pluginDir), verifier, getClass().getClassLoader())) {
 *   plugins.services().forEach(Reporter::report);
 *   plugins.rejected().forEach((jar, why) -> log.warning(why));
 * }
 * }</pre>
 *
 * Each jar is first copied into a private temporary directory (0700 where the file system has POSIX
 * permissions); the copy is verified and loaded, so a jar swapped after the check is never run.
 * Each trusted jar gets its own class loader (child of {@code parent}); only providers defined by
 * that loader are returned, never ones visible through {@code parent}. {@link #close()} closes the
 * loaders and deletes the copies. Not thread-safe; the services it returns are as safe as their
 * providers make them.
 *
 * @param <S> the service type
 */
public final class VerifiedPlugins<S> implements AutoCloseable {
  private final Path directory;
  private final List<URLClassLoader> loaders;
  private final List<S> services;
  private final Map<Path, String> rejected;

  private VerifiedPlugins(
      Path directory, List<URLClassLoader> loaders, List<S> services, Map<Path, String> rejected) {
    this.directory = directory;
    this.loaders = loaders;
    this.services = List.copyOf(services);
    this.rejected = Map.copyOf(rejected);
  }

  /**
   * Verifies each jar and loads {@code service}'s providers from the trusted ones.
   *
   * @param jars plugin jars, in the order their providers are wanted
   * @throws IOException when a jar cannot be copied or read
   */
  public static <S> VerifiedPlugins<S> load(
      Class<S> service, Collection<Path> jars, PluginVerifier verifier, ClassLoader parent)
      throws IOException {
    Path directory = privateDirectory();
    List<URLClassLoader> loaders = new ArrayList<>();
    List<S> services = new ArrayList<>();
    Map<Path, String> rejected = new LinkedHashMap<>();
    try {
      int n = 0;
      for (Path jar : jars) {
        Path copy = directory.resolve(n++ + "-" + jar.getFileName());
        Files.copy(jar, copy);
        try {
          verifier.requireTrusted(copy);
        } catch (UntrustedPluginException e) {
          rejected.put(jar, jar + ": " + e.getMessage().substring(copy.toString().length() + 2));
          continue;
        }
        URLClassLoader loader =
            new URLClassLoader(
                "plugin " + jar.getFileName(), new URL[] {copy.toUri().toURL()}, parent);
        loaders.add(loader);
        ServiceLoader.load(service, loader).stream()
            .filter(p -> p.type().getClassLoader() == loader)
            .forEach(p -> services.add(p.get()));
      }
    } catch (IOException | RuntimeException e) {
      new VerifiedPlugins<S>(directory, loaders, List.of(), Map.of()).close();
      throw e;
    }
    return new VerifiedPlugins<>(directory, loaders, services, rejected);
  }

  /** The providers of the trusted jars, in jar order, then in each jar's service file order. */
  public List<S> services() {
    return services;
  }

  /** The jars refused, with why (unsigned, changed since signing, untrusted key). */
  public Map<Path, String> rejected() {
    return rejected;
  }

  @Override
  public void close() throws IOException {
    for (URLClassLoader loader : loaders) {
      loader.close();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(VerifiedPlugins::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path privateDirectory() throws IOException {
    try {
      return Files.createTempDirectory(
          "upkeep-plugins-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory("upkeep-plugins-");
    }
  }
}
