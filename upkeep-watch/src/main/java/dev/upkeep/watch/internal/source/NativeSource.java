package dev.upkeep.watch.internal.source;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.upkeep.watch.Detection;
import dev.upkeep.watch.WatchListener;
import dev.upkeep.watch.internal.change.Scope;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link WatchService} on the watched file's directory, or on every directory of a
 * watched tree (registered as they appear). Watching the directory, not the file, is what makes
 * replace-by-rename saves and deleted-then-recreated files visible.
 */
final class NativeSource implements ChangeSource {
  private final Scope scope;
  private final WatchListener listener;
  private final WatchService service;
  private final Map<WatchKey, Path> directories = new HashMap<>();
  private boolean rootLost;

  private NativeSource(Scope scope, WatchListener listener, WatchService service) {
    this.scope = scope;
    this.listener = listener;
    this.service = service;
  }

  static NativeSource open(Scope scope, WatchListener listener) throws IOException {
    WatchService service = scope.root().getFileSystem().newWatchService();
    NativeSource source = new NativeSource(scope, listener, service);
    try {
      source.registerTree(scope.root());
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    return source;
  }

  /** Whether the JDK emulates events by polling (macOS, and file systems without events). */
  boolean emulated() {
    return service.getClass().getName().endsWith("PollingWatchService");
  }

  @Override
  public Hints poll(long timeoutNanos) throws InterruptedException {
    WatchKey key =
        timeoutNanos <= 0 ? service.poll() : service.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (key == null) {
      return Hints.NONE;
    }
    Set<Path> paths = new HashSet<>();
    boolean everything = false;
    for (; key != null; key = service.poll()) {
      everything |= drain(key, paths);
    }
    return new Hints(paths, everything);
  }

  /** Adds the key's paths; true when events were lost (overflow) or could not be followed. */
  private boolean drain(WatchKey key, Set<Path> paths) {
    Path dir = directories.get(key);
    boolean everything = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW || dir == null) {
        everything = true;
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      paths.add(child);
      if (scope.directory()
          && event.kind() == ENTRY_CREATE
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
          && !scope.skips(child)) {
        try {
          registerTree(child);
        } catch (IOException e) {
          everything = true; // deleted meanwhile, or unreadable: the next full check decides
        }
      }
    }
    if (!key.reset()) {
      directories.remove(key);
      if (scope.root().equals(dir)) {
        rootLost = true;
        listener.onNotice(
            Level.WARNING,
            "directory "
                + dir
                + " was deleted; the watch goes on and watches it again once it is back"
                + " (checked every interval)");
      }
    }
    return everything;
  }

  @Override
  public void refresh() {
    if (rootLost && Files.isDirectory(scope.root())) {
      try {
        registerTree(scope.root());
        rootLost = false;
        listener.onNotice(Level.INFO, "directory " + scope.root() + " is back; watching it again");
      } catch (IOException e) {
        // not yet readable: try again at the next full check
      }
    }
  }

  @Override
  public Detection detection() {
    return Detection.NATIVE;
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void registerTree(Path start) throws IOException {
    if (!scope.directory()) {
      register(start);
      return;
    }
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (scope.skips(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            try {
              register(dir);
            } catch (IOException e) {
              if (dir.equals(start) || Files.isDirectory(dir)) {
                throw e; // a real failure (such as the inotify watch limit), not a deleted
                // directory
              }
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(start)) {
              throw e;
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void register(Path dir) throws IOException {
    directories.put(dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
  }
}
