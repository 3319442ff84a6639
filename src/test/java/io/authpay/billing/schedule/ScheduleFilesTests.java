package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleFilesTests {

    static final String GOOD = """
            job: daily-billing
            description: Charge what is due
            cron: "0 5 8 * * ?"
            zone: Asia/Taipei
            misfire: fire-once
            enabled: true
            """;

    @TempDir
    Path dir;

    @Test
    void aCompleteFileBecomesAScheduleNamedAfterTheFile() throws IOException {
        write("morning.yml", GOOD + "parameters:\n  note: hello\n  count: 3\n");

        List<ScheduleDefinition> schedules = ScheduleFiles.fromFolder(dir);

        assertThat(schedules).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("morning");
            assertThat(s.job()).isEqualTo("daily-billing");
            assertThat(s.crons()).containsExactly("0 5 8 * * ?");
            assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Taipei"));
            assertThat(s.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
            assertThat(s.enabled()).isTrue();
            assertThat(s.parameters()).isEqualTo(Map.of("note", "hello", "count", "3"));
            assertThat(s.source()).endsWith("morning.yml");
        });
    }

    @Test
    void aListOfCronExpressionsIsOneScheduleFiringAtEach() throws IOException {
        write(
                "sweeps.yml",
                GOOD.replace("cron: \"0 5 8 * * ?\"", "cron:\n  - \"0 30 8 * * ?\"\n  - \"0 0/30 9-19 * * ?\""));

        assertThat(ScheduleFiles.fromFolder(dir))
                .singleElement()
                .satisfies(s -> assertThat(s.crons()).containsExactly("0 30 8 * * ?", "0 0/30 9-19 * * ?"));
    }

    @Test
    void aBadCronStopsWithTheFileAndTheFieldNamed() throws IOException {
        write("bad-cron.yml", GOOD.replace("0 5 8 * * ?", "0 5 25 * * ?"));

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("bad-cron.yml: field 'cron': '0 5 25 * * ?' is not a Quartz cron expression");
    }

    @Test
    void anUnknownJobStopsWithTheFileAndTheFieldNamed() throws IOException {
        write("typo.yml", GOOD.replace("job: daily-billing", "job: daily-biling"));

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageContaining("typo.yml: field 'job': unknown job 'daily-biling'")
                .hasMessageContaining("nightly-billing, daily-billing");
    }

    @Test
    void anUnknownZoneStopsWithTheFileAndTheFieldNamed() throws IOException {
        write("zone.yml", GOOD.replace("Asia/Taipei", "Asia/Taipai"));

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageContaining("zone.yml: field 'zone': unknown zone 'Asia/Taipai'");
    }

    @Test
    void aMissingFieldStopsWithTheFileAndTheFieldNamed() throws IOException {
        write("incomplete.yml", GOOD.replace("misfire: fire-once\n", ""));

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageContaining("incomplete.yml: field 'misfire' is missing");
    }

    @Test
    void yamlThatDoesNotParseStopsWithTheFileNamed() throws IOException {
        write("broken.yml", "job: [daily-billing\ncron: x\n");

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir)).hasMessageContaining("broken.yml: not valid YAML");
    }

    @Test
    void unknownFieldsBadMisfireAndANonBooleanEnabledAreEachNamed() throws IOException {
        write(
                "many.yml",
                GOOD.replace("misfire: fire-once", "misfire: later").replace("enabled: true", "enabled: sometimes")
                        + "crn: \"0 0 1 * * ?\"\n");

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageContaining("many.yml: field 'crn' is not known")
                .hasMessageContaining("many.yml: field 'misfire': 'later' is not one of fire-once, skip")
                .hasMessageContaining("many.yml: field 'enabled': must be true or false");
    }

    @Test
    void everyBadFileIsReportedAtOnceAndNoneIsUsed() throws IOException {
        write("good.yml", GOOD);
        write("a.yml", GOOD.replace("Asia/Taipei", "Nowhere/Land"));
        write("b.yml", GOOD.replace("job: daily-billing\n", ""));

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageStartingWith("invalid schedules: ")
                .hasMessageContaining("a.yml: field 'zone'")
                .hasMessageContaining("b.yml: field 'job' is missing")
                .hasMessageNotContaining("good.yml");
    }

    @Test
    void scheduleParametersCannotSetTheDateOrTheSlot() throws IOException {
        write("sneaky.yml", GOOD + "parameters:\n  slot: \"08:05\"\n");

        assertThatThrownBy(() -> ScheduleFiles.fromFolder(dir))
                .hasMessageContaining("sneaky.yml: field 'parameters': 'slot' is set by the scheduler");
    }

    @Test
    void theRepositorySchedulesAreValidAndArePackagedInTheJar() {
        List<ScheduleDefinition> folder = ScheduleFiles.fromFolder(Path.of("jobs"));
        List<ScheduleDefinition> packaged = ScheduleFiles.fromClasspath();

        assertThat(folder)
                .extracting(ScheduleDefinition::name)
                .containsExactly("daily-billing", "daily-billing-sweeps", "nightly-billing");
        assertThat(packaged)
                .isEqualTo(folder.stream()
                        .map(d -> new ScheduleDefinition(
                                d.name(),
                                "classpath:jobs/" + d.name() + ".yml",
                                d.job(),
                                d.crons(),
                                d.zone(),
                                d.misfire(),
                                d.parameters(),
                                d.enabled(),
                                d.description()))
                        .toList());
        assertThat(folder).allSatisfy(d -> assertThat(d.zone()).isEqualTo(ZoneId.of("Asia/Taipei")));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
