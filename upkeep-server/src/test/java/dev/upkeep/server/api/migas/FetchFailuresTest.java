package dev.upkeep.server.api.migas;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLError;
import graphql.Scalars;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.MergedField;
import graphql.execution.ResultPath;
import graphql.language.Field;
import graphql.language.SourceLocation;
import graphql.schema.DataFetchingEnvironmentImpl;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchFailuresTest {
  @Test
  void theAnswerNamesTheFieldButNotTheException() throws Exception {
    DataFetcherExceptionHandlerParameters p =
        DataFetcherExceptionHandlerParameters.newExceptionParameters()
            .exception(new ArithmeticException("long overflow"))
            .dataFetchingEnvironment(
                DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                    .mergedField(
                        MergedField.newMergedField(
                                Field.newField("get_usage")
                                    .sourceLocation(new SourceLocation(1, 3))
                                    .build())
                            .build())
                    .executionStepInfo(
                        ExecutionStepInfo.newExecutionStepInfo()
                            .type(Scalars.GraphQLString)
                            .path(ResultPath.parse("/get_usage"))
                            .build())
                    .build())
            .build();

    List<GraphQLError> errors = new FetchFailures().handleException(p).get().getErrors();

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getMessage())
        .isEqualTo("Internal error in get_usage; the server log has the details.");
    assertThat(errors.get(0).getPath()).containsExactly("get_usage");
  }
}
