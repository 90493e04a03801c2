package com.medialogis.dmp.cardsimulator.internal;

import com.medialogis.dmp.cardsimulator.internal.command.SimulatorCommands;
import com.medialogis.dmp.support.health.Checks;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.TerminalFactory;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual cards of the demo and the tests: a CPS and a Vitale card in two simulated readers,
 * offered to the card bundle as a {@link TerminalFactory} service, with the shell commands
 * {@code card:sim-insert} and {@code card:sim-remove}. Runs only with its configuration (the
 * distribution ships {@code load/com.medialogis.dmp.cardsimulator.cfg}); a practice sets
 * {@code enabled = false} there, or removes the file.
 */
@Component(configurationPid = CardSimulator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CardSimulator.Config.class)
public class CardSimulator {

    static final String PID = "com.medialogis.dmp.cardsimulator";
    static final String CPS_READER = "DMP simulated reader 0";
    static final String VITALE_READER = "DMP simulated reader 1";
    /** Service property naming the simulator's terminal factory, for consumers that filter. */
    static final String SIMULATOR_PROPERTY = "dmp.card.simulator";
    private static final String LEAVE_DEMO = "a practice with real readers sets enabled = false in load/" + PID + ".cfg";
    private static final Logger LOG = LoggerFactory.getLogger(CardSimulator.class);

    @ObjectClassDefinition(name = "DMP card simulator",
            description = "Virtual CPS and Vitale cards for the demo and the tests.")
    public @interface Config {
        @AttributeDefinition(description = "Offer the virtual cards; false in a practice with real readers.")
        boolean enabled() default true;

        @AttributeDefinition(description = "Start with the virtual CPS in its reader.")
        boolean cps_inserted() default true;

        @AttributeDefinition(description = "Start with the virtual Vitale card in its reader.")
        boolean vitale_inserted() default true;

        @AttributeDefinition(description = "memory: readers in memory, offered as a terminal factory"
                + " (no pcscd needed); vpcd: the cards plug into the vpcd readers of a real pcscd.",
                options = {
                    @Option(value = "memory", label = "In memory"),
                    @Option(value = "vpcd", label = "vpcd readers of pcscd")
                })
        String transport() default "memory";

        @AttributeDefinition(description = "Host of the vpcd driver (vpcd transport).")
        String vpcd_host() default "127.0.0.1";

        @AttributeDefinition(description = "Port of the first vpcd reader; the second is the next one.")
        int vpcd_port() default 35963;
    }

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final VirtualCards cards;

    @Activate
    public CardSimulator(BundleContext context, Config config) {
        if (!config.enabled()) {
            cards = null;
            return;
        }
        cards = switch (config.transport()) {
            case "memory" -> VirtualCards.standard();
            case "vpcd" -> VirtualCards.overVpcd(config.vpcd_host(), config.vpcd_port());
            default -> throw new IllegalArgumentException(PID + ": transport must be memory or vpcd, not '"
                    + config.transport() + "'");
        };
        if (config.cps_inserted()) {
            cards.insert("cps", Optional.empty());
        }
        if (config.vitale_inserted()) {
            cards.insert("vitale", Optional.empty());
        }
        cards.terminalFactory().ifPresent(factory -> {
            Dictionary<String, Object> factoryProperties = new Hashtable<>();
            factoryProperties.put(SIMULATOR_PROPERTY, true);
            registrations.add(context.registerService(TerminalFactory.class, factory, factoryProperties));
        });
        Dictionary<String, Object> commandProperties = new Hashtable<>();
        commandProperties.put("osgi.command.scope", "card");
        commandProperties.put("osgi.command.function", new String[] {"sim-insert", "sim-remove"});
        registrations.add(context.registerService(SimulatorCommands.class, new SimulatorCommands(cards), commandProperties));
        String demo = "DEMO: virtual CPS and Vitale cards (" + config.transport() + ") replace the card readers";
        Dictionary<String, Object> checkProperties = new Hashtable<>();
        checkProperties.put(HealthCheck.NAME, "Virtual cards");
        checkProperties.put(HealthCheck.TAGS, new String[] {Checks.DMP, Checks.DEMO});
        registrations.add(context.registerService(HealthCheck.class, () -> Checks.problem(Result.Status.WARN, demo, LEAVE_DEMO),
                checkProperties));
        LOG.warn("{}; {}", demo, LEAVE_DEMO);
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        if (cards != null) {
            cards.close();
        }
    }
}
