package dev.upkeep.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The {@code upkeep} command's logging, set up in code: one line per event on standard error,
 * {@code 07:16:24.407 INFO d.u.s.UpkeepServer - ...}, INFO and above, the chatty libraries at WARN
 * (the Redis client at ERROR: the collector sums up its reconnect attempts itself). {@code serve}
 * with {@code log-format = json} switches the lines to JSON objects ({@link #json}).
 *
 * <p>Found by logback through {@code META-INF/services}; it replaces a {@code logback.xml}, whose
 * XML parsing cost about 0.15 s of every start of the command. A {@code
 * -Dlogback.configurationFile=FILE}, or a {@code logback.xml} / {@code logback-test.xml} on the
 * class path (tests, an application embedding the command), still wins: this class then leaves the
 * configuration to logback's own, and {@link #json} and {@link #warningsOnly} leave it alone.
 * Public only for {@link java.util.ServiceLoader}; called once by logback's initialisation.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Layout of every line. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

  /** Loggers below INFO for the whole command, by name. */
  static final Map<String, Level> QUIET =
      Map.of(
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "org.flywaydb", Level.WARN,
          "com.zaxxer.hikari", Level.WARN,
          "io.lettuce", Level.ERROR,
          "io.netty", Level.WARN);

  /** Whether this class set up the logging, rather than a user's {@code logback.xml}. */
  private static volatile boolean configured;

  /** For {@link java.util.ServiceLoader}. */
  public LogSetup() {}

  /**
   * Logs warnings and errors only, for a command told {@code --quiet}; does nothing when a user's
   * logback configuration is in charge.
   */
  static void warningsOnly() {
    LoggerContext context = context();
    if (configured) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    }
  }

  /**
   * From now on writes each event on standard error as one JSON object per line, as logback's
   * {@link JsonEncoder} does, with the message formatted ({@code formattedMessage}) besides its
   * pattern and arguments, and without the logging context repeated on every line; for {@code
   * serve} with {@code log-format = json}, before the collector starts. Does nothing when a user's
   * logback configuration is in charge.
   */
  static void json() {
    LoggerContext context = context();
    if (configured
        && context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")
            instanceof ConsoleAppender<ILoggingEvent> stderr) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithContext(false);
      encoder.setWithFormattedMessage(true);
      encoder.start();
      stderr.stop();
      stderr.setEncoder(encoder);
      stderr.start();
    }
  }

  /** The logging context, initialised (and so configured) if it was not yet. */
  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = LogSetup.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    configured = true;
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
