package io.authpay.billing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through chromedriver, against
 * a serve node charging the sandbox. Skipped, saying so, where no Chromium or chromedriver is installed
 * ({@code apt-get install chromium chromium-driver}). Saves screenshots of Today and of the NEEDS_REVIEW
 * queue under {@code target/console-screenshots/} (the README shows copies from {@code docs/}).
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = ConsoleBrowserIntegrationTests.NO_BROWSER)
class ConsoleBrowserIntegrationTests extends ServeIntegrationTest {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMIUM_BROWSER = "/usr/bin/chromium-browser";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final String DRIVER_LIB = "/usr/lib/chromium/chromedriver";
    private static final List<String> BROWSERS = List.of(CHROMIUM, CHROMIUM_BROWSER);
    private static final List<String> DRIVERS = List.of(DRIVER, DRIVER_LIB);
    static final String NO_BROWSER = "no Chromium and chromedriver here (looked for " + CHROMIUM + ", "
            + CHROMIUM_BROWSER + " and " + DRIVER + ", " + DRIVER_LIB + "): the console's browser tests are"
            + " skipped; install them with 'apt-get install chromium chromium-driver'";

    private static WebDriver browser;

    /** Whether the tests can run; says so in the build's output when they cannot (the report has it too). */
    static boolean chromiumInstalled() {
        boolean found = executable(BROWSERS).isPresent() && executable(DRIVERS).isPresent();
        if (!found) {
            System.out.println("[WARNING] ConsoleBrowserIntegrationTests: " + NO_BROWSER);
        }
        return found;
    }

    private static Optional<String> executable(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    @BeforeAll
    static void startBrowser() {
        String binary = executable(BROWSERS).orElseThrow();
        String driver = executable(DRIVERS).orElseThrow();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(driver).toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void inTheWindow() {
        CLOCK.set(taipei("2026-12-01T10:00"));
        SANDBOX.faults().reset();
        browser.manage().deleteAllCookies();
    }

    @AfterEach
    void noFaults() {
        SANDBOX.faults().reset();
    }

    @Test
    void anOperatorWatchesARunStopsAndRestartsItResolvesAChargeInTwoLanguagesAndSignsOut() {
        long review = charge(subscription(grantedBinding()), "NEEDS_REVIEW", null);
        jdbc.update("UPDATE charge SET last_result_code = '303', last_outcome = 'QUOTA_DECLINE' WHERE id = ?", review);
        List<Long> due = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            due.add(charge(subscription(grantedBinding()), "DUE", null));
        }
        // Slow answers keep the run going while the operator watches it.
        SANDBOX.faults().latency(Duration.ofMillis(1500));

        signInAsOperator();
        assertThat(text("h1")).startsWith("Today");
        assertThat(text("header")).contains("Signed in as " + OPERATOR);

        // Start the daily run from the Runs page, with a reason.
        open("/runs");
        browser.findElement(By.id("run-job"))
                .findElement(By.cssSelector("option[value='daily-billing']"))
                .click();
        browser.findElement(By.id("run-reason")).sendKeys("morning run");
        browser.findElement(By.cssSelector("#run-now-form button")).click();
        long run = shownExecution();

        // Today shows it running, and its progress moves without a reload.
        open("/");
        By attempts = By.cssSelector("#running-" + run + " td.attempts");
        waitFor("the run's first progress", () -> number(attempts) >= 1);
        long first = number(attempts);
        waitFor("the run's progress to move", () -> number(attempts) > first);
        screenshot("console-today.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("console-today-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // Stop it, with a reason.
        open("/runs/" + run);
        browser.findElement(By.id("stop-reason")).sendKeys("deploy at 10:05");
        browser.findElement(By.cssSelector("form[action='/runs/" + run + "/stop'] button"))
                .click();
        assertThat(text(".notice")).contains("asked to stop");
        waitFor("the run to stop", () -> {
            browser.navigate().refresh();
            return text("#run-status").equals("STOPPED") && text("#run-exit").contains("stopped on request");
        });

        // Restart it, with a reason: a new execution continues it and completes.
        SANDBOX.faults().reset();
        browser.findElement(By.id("restart-reason")).sendKeys("after the deploy");
        browser.findElement(By.cssSelector("form[action='/runs/" + run + "/restart'] button"))
                .click();
        long again = shownExecution();
        assertThat(again).isNotEqualTo(run);
        waitFor("the restart to complete", () -> {
            browser.navigate().refresh();
            return text("#run-status").equals("COMPLETED");
        });
        assertThat(due).allSatisfy(id -> assertThat(status(id)).isEqualTo("SUCCEEDED"));
        assertThat(audit("job_execution", Long.toString(run)))
                .containsExactly(
                        OPERATOR + " RUN_JOB morning run",
                        OPERATOR + " STOP_JOB_EXECUTION deploy at 10:05",
                        OPERATOR + " RESTART_JOB_EXECUTION after the deploy");

        // The NEEDS_REVIEW queue: resolve the charge (cancel), with a reason.
        open("/charges");
        WebElement card = browser.findElement(By.id("review-" + review));
        assertThat(card.getText()).contains("303 FinalPrice exceeded the max amount quota set by the user", "499 TWD");
        screenshot("console-needs-review.png");
        card.findElement(By.cssSelector("input[value='cancel']")).click();
        card.findElement(By.name("reason")).sendKeys("customer asked to stop");
        card.findElement(By.cssSelector("button[type='submit']")).click();
        assertThat(text(".notice")).isEqualTo("Charge " + review + " was cancelled.");
        assertThat(browser.findElements(By.id("review-" + review))).isEmpty();
        assertThat(status(review)).isEqualTo("CANCELED");
        assertThat(audit("charge", Long.toString(review)))
                .containsExactly(OPERATOR + " RESOLVE_CHARGE customer asked to stop");

        // A POST without the CSRF token, from the signed-in browser, is refused.
        long other = charge(subscription(grantedBinding()), "NEEDS_REVIEW", null);
        Object refused = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/charges/" + other + "/resolve', {method: 'POST', redirect: 'manual',"
                        + " body: new URLSearchParams({outcome: 'cancel', reason: 'forged'})})"
                        + ".then(r => done(r.status));");
        assertThat(((Number) refused).intValue()).isEqualTo(403);
        assertThat(status(other)).isEqualTo("NEEDS_REVIEW");

        // Switch to Traditional Chinese: the pages and JKoPay's meanings of the codes follow.
        open("/charges/" + review);
        browser.findElement(By.linkText("繁體中文")).click();
        assertThat(text("h1")).isEqualTo("扣款 " + review);
        assertThat(text("main")).contains("303 最終金額超過用戶設定的最高額度", "499 TWD");
        assertThat(text("nav")).contains("今日", "執行紀錄", "扣款");
        screenshot("console-charge-zh-TW.png");
        open("/");
        assertThat(text("h1")).startsWith("今日");

        // Sign out: the console is closed again.
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        assertThat(text(".notice")).isEqualTo("您已登出。");
        open("/charges");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void anOperatorPausesAndResumesASubscriptionWithAReason() {
        String externalId = subscription(grantedBinding());
        signInAsOperator();

        open("/subscriptions?q=" + externalId);
        browser.findElement(By.linkText(externalId)).click();
        browser.findElement(By.id("subscription-reason")).sendKeys("customer on holiday");
        browser.findElement(By.cssSelector("#subscription-action button")).click();
        assertThat(text(".notice"))
                .isEqualTo("Subscription " + externalId + " is paused: nothing is charged until it is resumed.");
        assertThat(text("main")).contains("PAUSED");

        browser.findElement(By.id("subscription-reason")).sendKeys("back from holiday");
        browser.findElement(By.cssSelector("#subscription-action button")).click();
        assertThat(text(".notice")).isEqualTo("Subscription " + externalId + " is resumed.");
        assertThat(jdbc.queryForObject(
                        "SELECT status FROM subscription WHERE external_id = ?", String.class, externalId))
                .isEqualTo("ACTIVE");
        assertThat(audit("SUBSCRIPTION", externalId))
                .containsExactly(
                        OPERATOR + " PAUSE_SUBSCRIPTION customer on holiday",
                        OPERATOR + " RESUME_SUBSCRIPTION back from holiday");
    }

    @Test
    void aWrongCredentialShowsAnErrorAndChangesNothing() {
        long audits = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class);

        signIn(OPERATOR, "wrong-password");

        // A failed sign-in is answered late on purpose (the slow-down per client): wait for the answer.
        waitFor("the refused sign-in's page", () -> browser.getCurrentUrl().endsWith("/login?error"));
        assertThat(text(".refusal")).isEqualTo("Wrong operator name or secret. Nothing was changed.");
        assertThat(browser.findElement(By.id("secret")).getAttribute("value")).isEmpty();
        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Long.class))
                .isEqualTo(audits);
    }

    /** The execution the page shows (its heading is "Execution N"). */
    private static long shownExecution() {
        assertThat(text("h1")).as(text("main")).matches("Execution \\d+");
        return Long.parseLong(text("h1").replaceAll("\\D+", ""));
    }

    /**
     * Signs in and waits for the page it leads to: the click only starts the sign-in's POST, and opening
     * another page before its answer came (a loaded machine) cancels it and leaves the browser signed out.
     */
    private void signInAsOperator() {
        signIn(OPERATOR, OPERATOR_PASSWORD);
        waitFor("the page after signing in", () -> !browser.getCurrentUrl().contains("/login"));
    }

    private void signIn(String name, String secret) {
        open("/login");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("secret")).sendKeys(secret);
        browser.findElement(By.cssSelector("form[action='/login'] button")).click();
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + port + path);
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private static long number(By cell) {
        List<WebElement> found = browser.findElements(cell);
        if (found.isEmpty()) {
            return -1;
        }
        try {
            String digits = found.get(0).getText().replaceAll("\\D", "");
            return digits.isEmpty() ? -1 : Long.parseLong(digits);
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return -1; // swapped by the page's refresh meanwhile
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .pollingEvery(Duration.ofMillis(200))
                .withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(long chargeId) {
        return jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId);
    }
}
