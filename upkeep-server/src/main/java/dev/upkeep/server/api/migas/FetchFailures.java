package dev.upkeep.server.api.migas;

import dev.upkeep.server.http.HttpErrors;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a GraphQL answer says when a field's fetcher throws: {@code Internal error in get_usage; the
 * server log has the details.} with the field's path and location, never the exception's text or
 * class (graphql-java's default handler answers {@code Exception while fetching data (/get_usage) :
 * long overflow}). The exception goes to the log, once, with its stack trace.
 *
 * <p>A store that is unavailable ({@link StorageUnavailableException} among the causes: its
 * database unreachable, timed out, out of connections) is no internal error: the field's error says
 * {@code The collector's store is unavailable (unreachable); retry in 2 s.}, nothing is logged (the
 * store logs an outage once), and the answer becomes 503 with {@code Retry-After} (through {@link
 * MigasFetchers#RETRY_AFTER} and {@link MigasFetchers#REFUSED_STATUS}). Stateless, thread-safe.
 */
final class FetchFailures implements DataFetcherExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FetchFailures.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters p) {
    String field = p.getField().getName();
    Optional<StorageUnavailableException> store = HttpErrors.unavailableCause(p.getException());
    String message;
    if (store.isPresent()) {
      GraphQLContext gql = p.getDataFetchingEnvironment().getGraphQlContext();
      gql.put(MigasFetchers.RETRY_AFTER, (long) HttpErrors.STORE_RETRY_AFTER_SECONDS);
      gql.put(MigasFetchers.REFUSED_STATUS, 503);
      message = HttpErrors.storeUnavailableMessage(store.get());
    } else {
      LOG.warn(
          "GraphQL {} at {} failed: {}", field, p.getPath(), p.getException(), p.getException());
      message = "Internal error in " + field + "; the server log has the details.";
    }
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult()
            .error(
                GraphqlErrorBuilder.newError()
                    .message("%s", message)
                    .path(p.getPath())
                    .location(p.getSourceLocation())
                    .build())
            .build());
  }
}
