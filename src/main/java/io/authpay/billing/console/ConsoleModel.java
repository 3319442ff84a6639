package io.authpay.billing.console;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's header shows: who is signed in, and the path the language switch returns to. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Profile("serve")
class ConsoleModel {

    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getServletPath().isEmpty() ? "/" : request.getServletPath();
    }
}
