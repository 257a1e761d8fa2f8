package dev.upkeep.archive;

/**
 * Hears how a transfer goes: a progress bar on a terminal, progress lines in a log. Called from the
 * engine's worker threads; implementations must be thread-safe and quick.
 */
public interface TransferListener {
  /** Hears nothing. */
  TransferListener NONE =
      new TransferListener() {
        @Override
        public void started(String task, long files, long bytes) {}

        @Override
        public void advanced(long files, long bytes) {}

        @Override
        public void finished() {}

        @Override
        public void warning(String message) {}
      };

  /**
   * A task starts ({@code hash}, {@code push}, {@code pull}, {@code verify}).
   *
   * @param files how many files it handles
   * @param bytes how many bytes in all
   */
  void started(String task, long files, long bytes);

  /** {@code files} more files and {@code bytes} more bytes are done. */
  void advanced(long files, long bytes);

  /** The task ended, done or not. */
  void finished();

  /** Something the user should know, such as a file that looks secret being published. */
  void warning(String message);
}
