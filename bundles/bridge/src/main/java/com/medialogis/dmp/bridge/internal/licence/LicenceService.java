package com.medialogis.dmp.bridge.internal.licence;

import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.support.health.Checks;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The practice's Médialogis licence code, checked against the keys the bridge trusts, each time it
 * is asked (a licence expires while the container runs); its health check tells what the licence
 * allows and, when the Efficience option is missing, what to do.
 */
@Component(configurationPid = LicenceService.PID, service = {LicenceService.class, HealthCheck.class}, property = {
    HealthCheck.NAME + "=Licence",
    HealthCheck.TAGS + "=" + Checks.DMP
})
@Designate(ocd = LicenceService.Config.class)
public class LicenceService implements HealthCheck {

    static final String PID = "com.medialogis.dmp.bridge.licence";
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static final Logger LOG = LoggerFactory.getLogger(LicenceService.class);

    @ObjectClassDefinition(name = "DMP bridge: licence", description = "The practice's Médialogis licence code.")
    public @interface Config {
        @AttributeDefinition(description = "The licence code Médialogis gave the practice (MDL1....); empty: none.")
        String code() default "";

        @AttributeDefinition(description = "The practice's name as on its licence; empty: any (a demonstration licence fits any).")
        String practice() default "";
    }

    private final LicenceCodes codes;
    private final Clock clock;
    private volatile Config config;

    @Activate
    public LicenceService(Config config) {
        this(config, LicenceCodes.shipped(), Clock.systemUTC());
    }

    LicenceService(Config config, LicenceCodes codes, Clock clock) {
        this.codes = codes;
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(Config changed) {
        config = changed;
        LicenceCodes.Check check = check();
        if (check.verdict() != LicenceCodes.Verdict.VALID && check.verdict() != LicenceCodes.Verdict.MISSING) {
            LOG.warn("The Médialogis licence code is refused ({}): {}", check.verdict(), check.detail());
        }
    }

    /** @return the configured code, checked today */
    public LicenceCodes.Check check() {
        return codes.check(config.code(), config.practice(), LocalDate.now(clock.withZone(FRANCE)));
    }

    /**
     * @param environment which DMP the driver reaches: a demonstration licence serves the DMP
     *     sandbox only, so that the demo key, whose private half is with the tests, opens no real DMP
     * @return why the Efficience actions are not allowed now, or empty when they are
     */
    public Optional<String> refusesEfficience(DmpEnvironment environment) {
        return refusesEfficience(check(), environment);
    }

    /** @return why the Efficience actions are not allowed with that check of the code, or empty when they are */
    public static Optional<String> refusesEfficience(LicenceCodes.Check check, DmpEnvironment environment) {
        if (check.verdict() != LicenceCodes.Verdict.VALID) {
            return Optional.of(check.verdict() + ": " + check.detail());
        }
        Licence licence = check.licence().orElseThrow();
        if (!licence.options().contains(Licence.EFFICIENCE)) {
            return Optional.of("WITHOUT_OPTION: " + check.detail() + ", without the option \"" + Licence.EFFICIENCE + "\"");
        }
        if (licence.demo() && environment != DmpEnvironment.SIMULATED) {
            return Optional.of("DEMO_ONLY: " + check.detail() + " serves the DMP sandbox only, and the DMP answering is "
                    + environment);
        }
        return Optional.empty();
    }

    @Override
    public Result execute() {
        LicenceCodes.Check check = check();
        String toDo = "call Médialogis for a licence code with the option \"" + Licence.EFFICIENCE + "\", and set it as code = in "
                + "load/" + PID + ".cfg";
        if (check.verdict() != LicenceCodes.Verdict.VALID) {
            return Checks.problem(Result.Status.WARN, "the licence code is " + check.verdict() + ": " + check.detail()
                    + "; the Efficience button is not offered", toDo);
        }
        Licence licence = check.licence().orElseThrow();
        if (!licence.options().contains(Licence.EFFICIENCE)) {
            return Checks.problem(Result.Status.WARN, check.detail() + ", without the option \"" + Licence.EFFICIENCE
                    + "\": the Efficience button is not offered", toDo);
        }
        return Checks.ok((licence.demo() ? "DEMO: " : "") + check.detail() + ", with the option \"" + Licence.EFFICIENCE + "\""
                + (licence.demo() ? ", for the DMP sandbox only" : ""));
    }
}
