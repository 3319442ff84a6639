package io.authpay.billing.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets an {@code /api} request through only with {@code Authorization: Bearer <billing.operator.token>},
 * compared in constant time; tells the handlers the actor ({@code billing.operator.name}). Anything else
 * answers 401 with the API's error body.
 */
final class OperatorTokenFilter extends OncePerRequestFilter {

    /** The request attribute holding the actor for the audit log. */
    static final String ACTOR = "io.authpay.billing.web.OperatorTokenFilter.actor";

    private static final Logger log = LoggerFactory.getLogger(OperatorTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final String actor;

    OperatorTokenFilter(OperatorSettings settings) {
        OperatorSettings.requireToken(settings.token());
        this.token = settings.token().strip().getBytes(StandardCharsets.UTF_8);
        this.actor = settings.name();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(response, "this API needs the header 'Authorization: Bearer <billing.operator.token>'");
            return;
        }
        byte[] offered = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, offered)) {
            log.warn(
                    "Refused {} {} from {}: wrong bearer token",
                    request.getMethod(),
                    Untrusted.forLog(request.getRequestURI()),
                    request.getRemoteAddr());
            refuse(response, "the bearer token is not the operator token");
            return;
        }
        request.setAttribute(ACTOR, actor);
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"authpay-billing\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ApiError.json(new ApiError("unauthorized", message)));
    }
}
