package io.authpay.billing.web;

import io.authpay.billing.system.RefusedException;
import java.util.Locale;
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

/**
 * Turns every refusal and error into the API's error body and status: 400 a bad request, 404 an unknown
 * job, execution, schedule, subscription or charge, 409 a state that forbids the action (already running,
 * not running, outside the window, not NEEDS_REVIEW...), 500 anything unexpected (logged).
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
        String detail = e.getMostSpecificCause().getMessage();
        return error(
                HttpStatus.BAD_REQUEST,
                "bad_request",
                "the body is not the JSON this endpoint takes"
                        + (detail == null
                                ? ""
                                : ": " + detail.lines().findFirst().orElse("")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", "'" + e.getValue() + "' is not a valid " + e.getName());
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
        return error(HttpStatus.NOT_FOUND, "not_found", "no such endpoint: /" + e.getResourcePath());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("operator API request failed", e);
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).body(new ApiError(error.toLowerCase(Locale.ROOT), message));
    }
}
