package dev.upkeep.watch;

/** How a {@link Watch} learns that files may have changed. */
public enum Detection {
  /**
   * The operating system's file events ({@link java.nio.file.WatchService}: inotify on Linux), with
   * a full check every {@link Watch#interval() interval} as a backstop for changes the events do
   * not report (network file systems). Falls back to {@link #POLLING} when the events cannot be set
   * up (for example when the inotify watch limit is reached), with a notice. The JDK on macOS has
   * no native implementation: there the "events" come from the JDK polling every few seconds.
   */
  NATIVE,

  /**
   * A full check every {@link Watch#interval() interval} and nothing else: what otumat did. A
   * change is seen up to one interval late.
   */
  POLLING
}
