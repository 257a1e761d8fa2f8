package dev.upkeep.client;

/**
 * Maps an exception that ended a tracked run to the run's outcome, like migas-py's {@code
 * error_handlers}: e.g. report {@code InterruptedException} as {@code S} "Interrupted" instead of a
 * failure. Registered per exception type with {@link UpkeepClient.Builder#errorHandler}; runs on
 * the thread that closes the tracker and must not throw (if it does, the default {@link
 * RunOutcome#failed} is used).
 */
@FunctionalInterface
public interface ErrorHandler {
  RunOutcome handle(Throwable error);
}
