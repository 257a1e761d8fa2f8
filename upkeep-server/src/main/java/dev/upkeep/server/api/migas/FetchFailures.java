package dev.upkeep.server.api.migas;

import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a GraphQL answer says when a field's fetcher throws: {@code Internal error in get_usage; the
 * server log has the details.} with the field's path and location, never the exception's text or
 * class (graphql-java's default handler answers {@code Exception while fetching data (/get_usage) :
 * long overflow}). The exception goes to the log, once, with its stack trace. Stateless,
 * thread-safe.
 */
final class FetchFailures implements DataFetcherExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FetchFailures.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters p) {
    String field = p.getField().getName();
    LOG.warn("GraphQL {} at {} failed: {}", field, p.getPath(), p.getException(), p.getException());
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult()
            .error(
                GraphqlErrorBuilder.newError()
                    .message("Internal error in %s; the server log has the details.", field)
                    .path(p.getPath())
                    .location(p.getSourceLocation())
                    .build())
            .build());
  }
}
