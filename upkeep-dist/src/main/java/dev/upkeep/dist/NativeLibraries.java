package dev.upkeep.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared libraries of the build machine that a Java runtime image and the jars it runs need on
 * an empty root file system, as {@code ldd} resolves them (the C and C++ libraries, libm,
 * libpthread, libutil, libgcc_s, zlib and the dynamic loader), and the Debian copyright files of
 * the packages they come from ({@code dpkg -S}). {@code ldd} reads the runtime's launchers and
 * native libraries, and the linux-x86_64 native libraries the jars carry to unpack at run time
 * (SQLite's driver, JNA, JLine). The native libraries of AWT, sound and fonts are left out: Upkeep
 * loads {@code java.desktop} only for {@code java.beans}, never those.
 *
 * <p>Linux only; {@code ldd} must be on the PATH, {@code dpkg} may be missing (then no copyright
 * files).
 */
final class NativeLibraries {
  /** A library as the loader looks for it ({@code path}) and the file that holds it. */
  record Library(String path, Path file) {}

  private static final Pattern RESOLVED = Pattern.compile("=>\\s+(/\\S+)\\s+\\(0x");
  private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x");
  private static final Set<String> DESKTOP =
      Set.of(
          "libawt.so",
          "libawt_headless.so",
          "libawt_xawt.so",
          "libfontmanager.so",
          "libjawt.so",
          "libjsound.so",
          "liblcms.so",
          "libjavajpeg.so",
          "libmlib_image.so",
          "libsplashscreen.so");

  private NativeLibraries() {}

  private static final Pattern JAR_NATIVE =
      Pattern.compile("(?i)[^ ]*linux[-/_]?(x86[-_]64|amd64)/[^/]+\\.so");

  /**
   * Every library that the runtime's ELF files and the native libraries in the jars of {@code lib}
   * (unpacked under {@code work}) need from outside the runtime, by path.
   */
  static List<Library> of(Path runtime, Path lib, Path work) throws IOException {
    TreeMap<String, Library> found = new TreeMap<>();
    List<Path> elves = elfFiles(runtime);
    elves.addAll(jarNatives(lib, work));
    for (Path elf : elves) {
      for (String line : run("ldd", elf.toString()).split("\n")) {
        Matcher m = RESOLVED.matcher(line);
        Matcher loader = LOADER.matcher(line);
        String path = m.find() ? m.group(1) : loader.find() ? loader.group(1) : null;
        if (path != null && !Path.of(path).normalize().startsWith(runtime.toRealPath())) {
          found.putIfAbsent(path, new Library(path, Path.of(path).toRealPath()));
        }
      }
    }
    if (found.keySet().stream().noneMatch(p -> p.endsWith("/libc.so.6"))) {
      throw new IllegalStateException("ldd found no libc.so.6 for " + runtime);
    }
    return new ArrayList<>(found.values());
  }

  /** {@code /usr/share/doc/PACKAGE/copyright} of each package one of {@code libraries} is from. */
  static List<Path> copyrights(List<Library> libraries) {
    TreeSet<Path> files = new TreeSet<>();
    for (Library lib : libraries) {
      for (String path : List.of(lib.path(), lib.file().toString())) {
        String owner;
        try {
          owner = run("dpkg", "-S", path);
        } catch (IOException | IllegalStateException e) {
          continue;
        }
        String pkg = owner.substring(0, owner.indexOf(':'));
        Path copyright = Path.of("/usr/share/doc", pkg, "copyright");
        if (Files.isRegularFile(copyright)) {
          files.add(copyright);
          break;
        }
      }
    }
    return new ArrayList<>(files);
  }

  private static List<Path> jarNatives(Path lib, Path work) throws IOException {
    List<Path> natives = new ArrayList<>();
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
          for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
            if (JAR_NATIVE.matcher(e.getName()).matches()) {
              Path out = work.resolve(jar.getFileName().toString()).resolve(e.getName());
              Files.createDirectories(out.getParent());
              try (java.io.InputStream in = zip.getInputStream(e)) {
                Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
              }
              natives.add(out);
            }
          }
        }
      }
    }
    return natives;
  }

  private static List<Path> elfFiles(Path runtime) throws IOException {
    List<Path> elves = new ArrayList<>();
    try (Stream<Path> all = Files.walk(runtime)) {
      for (Path f : (Iterable<Path>) all.sorted()::iterator) {
        String name = f.getFileName().toString();
        boolean launcher = f.getParent().getFileName().toString().equals("bin");
        if (Files.isRegularFile(f)
            && (launcher || name.endsWith(".so") || name.equals("jspawnhelper"))
            && !DESKTOP.contains(name)) {
          elves.add(f);
        }
      }
    }
    return elves;
  }

  private static String run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    return out;
  }
}
