package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ApiExceptionHandlerTests {

    @Test
    void anUnexpectedFailureAnswersAGenericMessageWithAnErrorIdThatTheLogLineAlsoCarries() {
        RuntimeException failure =
                new RuntimeException("Deadlock found when trying to get lock; try restarting transaction");
        try (LogCapture log = LogCapture.of(ApiExceptionHandler.class.getName())) {
            ResponseEntity<ApiError> answer = new ApiExceptionHandler()
                    .unexpected(failure, new MockHttpServletRequest("POST", "/api/jobs/nightly-billing/runs"));

            assertThat(answer.getStatusCode().value()).isEqualTo(500);
            String message = answer.getBody().message();
            assertThat(message).doesNotContain("Deadlock").doesNotContain("Exception");
            String id = message.substring(message.lastIndexOf(' ') + 1);
            assertThat(id).hasSize(8);
            assertThat(log.events())
                    .filteredOn(e -> e.getLevel().toString().equals("ERROR"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getFormattedMessage()).contains(id).contains("Deadlock found");
                        assertThat(e.getThrowableProxy())
                                .as("stack trace only at DEBUG")
                                .isNull();
                    });
        }
    }
}
