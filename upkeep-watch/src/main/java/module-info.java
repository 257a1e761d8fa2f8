/**
 * Runs a script when a file changes, carrying state between runs: each line the script prints is
 * one argument of its next run (otumat's {@code watch}). JDK only, but for upkeep-protocol's strict
 * UTF-8 decoder. The API is {@link dev.upkeep.watch.Watch}.
 */
module dev.upkeep.watch {
  requires dev.upkeep.protocol;

  exports dev.upkeep.watch;
}
