package dev.upkeep.server.api.migas;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the GraphQL endpoint's query handling before any data fetcher runs:
 * graphql-java parses the document (with its default limits, as {@code POST /graphql} does) and
 * validates it against migas' schema with Upkeep's scalars (docs/fuzzing.md).
 *
 * <p>Contract: parsing and validation never throw; a bad document is a result with errors (answered
 * 200 with {@code errors}, as migas-server does), a good one a document without errors.
 */
class GraphQlFuzzTest {
  private static final GraphQLSchema SCHEMA = schema();

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void parseAndValidate(byte[] query) {
    ExecutionInput input =
        ExecutionInput.newExecutionInput(new String(query, StandardCharsets.UTF_8)).build();
    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(SCHEMA, input);
    if (result.isFailure()) {
      assertThat(result.getErrors()).isNotEmpty();
    } else {
      assertThat(result.getDocument()).isNotNull();
    }
  }

  /** migas' schema as the route builds it, without data fetchers (nothing is executed). */
  private static GraphQLSchema schema() {
    String sdl;
    try (InputStream in = GraphQlRoute.class.getResourceAsStream("migas.graphqls")) {
      sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(MigasScalars.DATE_TIME)
            .scalar(MigasScalars.SAFE_STR)
            .scalar(MigasScalars.JSON)
            .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
  }
}
