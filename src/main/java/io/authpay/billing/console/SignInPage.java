package io.authpay.billing.console;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security takes its POST ({@link ConsoleSecurity}). */
@Controller
@Profile("serve")
class SignInPage {

    @GetMapping(ConsoleSecurity.SIGN_IN)
    String signIn() {
        return "login";
    }
}
