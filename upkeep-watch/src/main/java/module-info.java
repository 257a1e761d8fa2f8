/**
 * Runs a script when a file changes, carrying state between runs: each line the script prints is
 * one argument of its next run (otumat's {@code watch}). JDK only. The API is {@link
 * dev.upkeep.watch.Watch}.
 */
module dev.upkeep.watch {
  exports dev.upkeep.watch;
}
