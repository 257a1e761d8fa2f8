package dev.upkeep.cli;

import picocli.CommandLine.Command;

/**
 * {@code upkeep alert add|rules|rm|list|show|ack|test|secret}: a project's release health alert
 * rules and the alerts they fired (docs/api.md, "Alerts"; docs/alerts.md, "Rules from the command
 * line"). Reading needs the master token or one of the project; the rest the master token.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description = "Add and test alert rules on release health; list, show and acknowledge alerts.",
    subcommands = {
      AlertAddCommand.class,
      AlertRulesCommand.class,
      AlertRmCommand.class,
      AlertListCommand.class,
      AlertShowCommand.class,
      AlertAckCommand.class,
      AlertTestCommand.class,
      AlertSecretCommand.class
    })
final class AlertCommand {}
