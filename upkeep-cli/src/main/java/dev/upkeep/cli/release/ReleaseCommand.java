package dev.upkeep.cli.release;

import picocli.CommandLine.Command;

/** {@code upkeep release …}: versioned release archives, compatible with rmellipse. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Publish and fetch versioned releases on an archive rmellipse reads and writes.",
      "See docs/archives.md."
    },
    subcommands = {
      InitCommand.class,
      FilesCommand.class,
      PushCommand.class,
      ListCommand.class,
      PullCommand.class,
      VerifyReleaseCommand.class,
      YankCommand.class,
      SyncCommand.class
    })
public final class ReleaseCommand {}
