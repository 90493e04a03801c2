package com.medialogis.dmp.health.internal.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.medialogis.dmp.support.health.Checks;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.Result.Status;

/**
 * What {@code dmp:health} prints: one line per check, the worst first then by name, and the
 * overall result; or the same as one JSON document. It passes when every check is OK, a WARN of
 * a check tagged {@value Checks#DEMO} excepted unless strict (a check that timed out never passes).
 */
final class HealthReport {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Comparator<CheckOutcome> WORST_FIRST = Comparator.comparing(CheckOutcome::status).reversed()
            .thenComparing(CheckOutcome::name);

    private final List<CheckOutcome> outcomes;
    private final boolean strict;

    /** @param outcomes at least one */
    HealthReport(List<CheckOutcome> outcomes, boolean strict) {
        this.outcomes = outcomes.stream().sorted(WORST_FIRST).toList();
        this.strict = strict;
    }

    Status overall() {
        return outcomes.get(0).status();
    }

    boolean passed() {
        return outcomes.stream().allMatch(outcome -> outcome.status() == Status.OK || excused(outcome));
    }

    private boolean excused(CheckOutcome outcome) {
        return !strict && outcome.status() == Status.WARN && !outcome.timedOut() && outcome.tags().contains(Checks.DEMO);
    }

    /** @return {@code STATUS  NAME  what it saw; to do: …}, in columns */
    List<String> lines() {
        int statusWidth = outcomes.stream().mapToInt(outcome -> outcome.status().name().length()).max().orElse(0);
        int nameWidth = outcomes.stream().mapToInt(outcome -> outcome.name().length()).max().orElse(0);
        String format = "%-" + statusWidth + "s  %-" + nameWidth + "s  %s";
        return outcomes.stream()
                .map(outcome -> String.format(format, outcome.status(), outcome.name(), String.join("; ", outcome.messages()))
                        .stripTrailing())
                .toList();
    }

    /** @return {@code overall: STATUS (N checks: …)}, saying so when only demo warnings keep it from OK */
    String overallLine() {
        Map<Status, Long> counts = outcomes.stream()
                .collect(Collectors.groupingBy(CheckOutcome::status, () -> new EnumMap<>(Status.class), Collectors.counting()));
        String checks = outcomes.size() + (outcomes.size() == 1 ? " check" : " checks");
        if (overall() == Status.OK) {
            return "overall: OK (" + checks + ")";
        }
        String line = "overall: " + overall() + " (" + checks + ": " + counts.entrySet().stream()
                .sorted(Map.Entry.<Status, Long>comparingByKey().reversed())
                .map(count -> count.getValue() + " " + count.getKey())
                .collect(Collectors.joining(", ")) + ")";
        return passed() ? line + "; only demo warnings, which fail with --strict" : line;
    }

    String json(Instant timestamp) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeStringField("overall", overall().name());
            json.writeBooleanField("passed", passed());
            json.writeBooleanField("strict", strict);
            json.writeStringField("timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeArrayFieldStart("checks");
            for (CheckOutcome outcome : outcomes) {
                json.writeStartObject();
                json.writeStringField("name", outcome.name());
                writeStrings(json, "tags", outcome.tags());
                json.writeStringField("status", outcome.status().name());
                writeStrings(json, "messages", outcome.messages());
                json.writeNumberField("elapsedMs", outcome.elapsedMillis());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text.toString();
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
