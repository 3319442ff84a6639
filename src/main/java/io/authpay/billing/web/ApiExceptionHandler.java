package io.authpay.billing.web;

import io.authpay.billing.system.RefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every refusal and error into the API's error body and status: 400 a bad request, 404 an unknown
 * job, execution, schedule, subscription or charge, 409 a state that forbids the action (already running,
 * not running, outside the window, not NEEDS_REVIEW...), 500 anything unexpected (logged under an error id
 * that the answer gives, without the exception's text).
 */
@RestControllerAdvice
@Profile(ServeApplication.PROFILE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** A launch, schedule or charge action refused: 404 when what it named does not exist, else 409. */
    @ExceptionHandler(RefusedException.class)
    ResponseEntity<ApiError> refused(RefusedException e) {
        HttpStatus status = e.reason().unknownTarget() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        return error(status, e.reason().name(), e.getMessage());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        // The parser's own message shows its internals (class names, positions): the field is enough.
        String field = "";
        for (Throwable t = e; t != null && field.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabindException databind) {
                field = databind.getPath().stream()
                        .map(reference -> reference.getPropertyName())
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining("."));
            }
        }
        String id = errorId();
        log.info(
                "error {}: unreadable request body: {}",
                id,
                Untrusted.forLog(e.getMostSpecificCause().toString()));
        return error(
                HttpStatus.BAD_REQUEST,
                "bad_request",
                "the body is not the JSON this endpoint takes"
                        + (field.isEmpty() ? "" : " (field " + Untrusted.forLog(field) + ")")
                        + "; error id " + id);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(
                HttpStatus.BAD_REQUEST,
                "bad_request",
                "'" + Untrusted.forLog(String.valueOf(e.getValue())) + "' is not a valid " + e.getName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send the body as application/json");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", "no such endpoint: /" + Untrusted.forLog(e.getResourcePath()));
    }

    /**
     * Anything unexpected: the answer says only that it failed and gives an error id; the log line with the
     * same id says what failed (the exception's own text may hold SQL or internals, never sent out). The
     * stack trace is logged at DEBUG.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
        String id = errorId();
        log.error(
                "error {}: {} {} failed: {}",
                id,
                request.getMethod(),
                Untrusted.forLog(request.getRequestURI()),
                Untrusted.forLog(e.toString()));
        log.debug("error {}", id, e);
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "the request failed; the log has the details under error id " + id);
    }

    /** A short random id tying an answer to its log line. */
    private static String errorId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).body(new ApiError(error.toLowerCase(Locale.ROOT), message));
    }
}
