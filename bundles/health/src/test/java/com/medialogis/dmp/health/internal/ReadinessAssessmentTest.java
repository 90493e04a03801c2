package com.medialogis.dmp.health.internal;

import static org.junit.Assert.assertEquals;

import com.medialogis.dmp.health.internal.Inventory.OurBundle;
import com.medialogis.dmp.health.internal.Inventory.OurComponent;
import com.medialogis.dmp.health.internal.ReadinessAssessment.Finding;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.felix.hc.api.Result.Status;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

public class ReadinessAssessmentTest {

    private static final Instant STARTED = Instant.parse("2026-11-30T08:00:00Z");
    private static final Instant LONG_AFTER = STARTED.plus(Duration.ofMinutes(1));
    private static final Instant INSTALLED_LONG_AGO = STARTED.minus(Duration.ofDays(3));
    private static final Path LOAD = Path.of("/opt/dmp-gateway/load");
    private static final Path QUEUE_CFG = LOAD.resolve("com.medialogis.dmp.queue.cfg");
    private static final Path SANDBOX_CFG = LOAD.resolve("com.medialogis.dmp.sandbox.cfg");
    private static final Path CONNECTOR_JAR = LOAD.resolve("connector-efficience.jar");

    private static final OurBundle QUEUE_ACTIVE = new OurBundle(12, "com.medialogis.dmp.queue", Bundle.ACTIVE, INSTALLED_LONG_AGO);

    @Test
    public void everythingActiveAppliedAndInstalledIsReadyAndSaysWhatItSaw() {
        ReadinessAssessment assessment = assess(inventory(List.of(QUEUE_ACTIVE),
                List.of(component("QueueService", List.of("com.medialogis.dmp.queue"), ComponentConfigurationDTO.ACTIVE),
                        component("QueueCommands", List.of("com.medialogis.dmp.queue"), ComponentConfigurationDTO.SATISFIED))),
                LONG_AFTER);
        assertEquals(List.of(), assessment.problems());
        assertEquals(List.of("1 bundle of ours active, 2 components satisfied or active, 2 settings files applied,"
                + " 1 bundle file installed from " + LOAD), assessment.seen());
    }

    @Test
    public void bundlesNotActiveAreOnTheirWayWhileTheContainerStartsAndFailedAfterwards() {
        List<OurBundle> bundles = List.of(QUEUE_ACTIVE,
                new OurBundle(13, "com.medialogis.dmp.status", Bundle.STARTING, INSTALLED_LONG_AGO),
                new OurBundle(14, "com.medialogis.dmp.card", Bundle.RESOLVED, INSTALLED_LONG_AGO),
                new OurBundle(15, "com.medialogis.dmp.identity", Bundle.INSTALLED, INSTALLED_LONG_AGO));
        Inventory inventory = inventory(bundles, List.of());

        assertEquals(List.of(
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "bundle 13 com.medialogis.dmp.status is starting"),
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "bundle 14 com.medialogis.dmp.card is not started yet (RESOLVED)"),
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "bundle 15 com.medialogis.dmp.identity is not started yet (INSTALLED)")),
                new ReadinessAssessment(inventory, Optional.empty(), STARTED).problems());
        assertEquals("still settling just after the start", Status.TEMPORARILY_UNAVAILABLE,
                assess(inventory, STARTED.plus(ReadinessAssessment.SETTLING).minusMillis(1)).problems().get(2).status());

        assertEquals(List.of(
                new Finding(Status.CRITICAL, "bundle 14 com.medialogis.dmp.card is not active (RESOLVED): it failed to start"
                        + " (the log says why), or was stopped (start 14 starts it)"),
                new Finding(Status.CRITICAL, "bundle 15 com.medialogis.dmp.identity cannot be resolved (INSTALLED):"
                        + " a package or service it requires is missing"),
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "bundle 13 com.medialogis.dmp.status is starting")),
                assess(inventory, LONG_AFTER).problems());
    }

    @Test
    public void aBundleJustInstalledOrUpdatedIsGivenTimeToStart() {
        Instant updated = LONG_AFTER.minusSeconds(1);
        OurBundle connector = new OurBundle(20, "com.medialogis.dmp.connector-efficience", Bundle.INSTALLED, updated);
        Inventory inventory = inventory(List.of(connector), List.of());
        assertEquals(Status.TEMPORARILY_UNAVAILABLE, assess(inventory, LONG_AFTER).problems().get(0).status());
        assertEquals(Status.CRITICAL, assess(inventory, updated.plus(ReadinessAssessment.SETTLING)).problems().get(0).status());
    }

    @Test
    public void settingsFilesNotAppliedAndBundleFilesNotInstalledAreNamed() {
        Inventory inventory = new Inventory(List.of(QUEUE_ACTIVE), List.of(), Optional.of(LOAD), List.of(QUEUE_CFG, SANDBOX_CFG),
                Optional.of(Set.of(QUEUE_CFG)), List.of(CONNECTOR_JAR), Set.of());
        assertEquals(List.of(
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "settings file load/com.medialogis.dmp.sandbox.cfg is not applied yet"),
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "bundle file load/connector-efficience.jar is not installed yet")),
                assess(inventory, LONG_AFTER).problems());
    }

    @Test
    public void withoutConfigurationAdminTheSettingsCannotBeApplied() {
        Inventory inventory = new Inventory(List.of(), List.of(), Optional.of(LOAD), List.of(QUEUE_CFG),
                Optional.empty(), List.of(), Set.of());
        assertEquals(List.of(new Finding(Status.TEMPORARILY_UNAVAILABLE,
                "no ConfigurationAdmin: the settings files in " + LOAD + " cannot be applied")), assess(inventory, LONG_AFTER).problems());
    }

    @Test
    public void withoutAFileInstallFolderOnlyBundlesAndComponentsAreChecked() {
        Inventory inventory = new Inventory(List.of(QUEUE_ACTIVE), List.of(), Optional.empty(), List.of(),
                Optional.of(Set.of()), List.of(), Set.of());
        ReadinessAssessment assessment = assess(inventory, LONG_AFTER);
        assertEquals(List.of(), assessment.problems());
        assertEquals(List.of("1 bundle of ours active, 0 components satisfied or active;"
                + " no FileInstall folder (felix.fileinstall.dir), no settings files to check"), assessment.seen());
    }

    @Test
    public void componentRequiringSettingsIsOnlyNotConfiguredWhenNoSettingsFileNamesIt() {
        OurComponent bridge = component("BridgeServer", List.of("com.medialogis.dmp.bridge"),
                ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION);
        ReadinessAssessment assessment = assess(inventory(List.of(QUEUE_ACTIVE), List.of(bridge)), LONG_AFTER);
        assertEquals(List.of(), assessment.problems());
        assertEquals("not configured (no settings file, none required): BridgeServer", assessment.seen().get(1));

        OurComponent queue = component("QueueService", List.of("com.medialogis.dmp.queue"),
                ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION);
        assertEquals(List.of(new Finding(Status.TEMPORARILY_UNAVAILABLE,
                "component QueueService waits for its settings load/com.medialogis.dmp.queue.cfg")),
                assess(inventory(List.of(QUEUE_ACTIVE), List.of(queue)), LONG_AFTER).problems());
    }

    @Test
    public void aComponentStillRunningWithoutItsAppliedSettingsIsNotReadyYet() {
        OurComponent queue = component("QueueService", List.of("com.medialogis.dmp.queue"), ComponentConfigurationDTO.ACTIVE);
        queue.configurations().get(0).properties.remove(Inventory.FILEINSTALL_FILENAME);
        assertEquals("ConfigAdmin holds the file, SCR has not reactivated the component with it", List.of(new Finding(
                Status.TEMPORARILY_UNAVAILABLE, "component QueueService has not taken its settings load/com.medialogis.dmp.queue.cfg yet")),
                assess(inventory(List.of(QUEUE_ACTIVE), List.of(queue)), LONG_AFTER).problems());
    }

    @Test
    public void factorySettingsFileNamesTheComponentBeforeItsFirstDash() {
        Path factory = LOAD.resolve("com.medialogis.dmp.bridge-practice1.cfg");
        assertEquals("com.medialogis.dmp.bridge", Inventory.pidOf(factory));
        assertEquals("com.medialogis.dmp.cardsimulator", Inventory.pidOf(LOAD.resolve("com.medialogis.dmp.cardsimulator.cfg")));
    }

    @Test
    public void componentWaitingForAServiceNamesItAndOneThatFailedToActivateIsCritical() {
        OurComponent waiting = component("DmpCommands", List.of("com.medialogis.dmp.status"), ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        ReferenceDTO statuses = new ReferenceDTO();
        statuses.name = "statuses";
        statuses.interfaceName = "com.medialogis.dmp.status.DmpStatusService";
        waiting.description().references = new ReferenceDTO[] {statuses};
        UnsatisfiedReferenceDTO unsatisfied = new UnsatisfiedReferenceDTO();
        unsatisfied.name = "statuses";
        waiting.configurations().get(0).unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unsatisfied};

        OurComponent failed = component("QueueService", List.of("com.medialogis.dmp.queue"), ComponentConfigurationDTO.FAILED_ACTIVATION);
        failed.configurations().get(0).failure = "java.lang.IllegalStateException: the queue folder is not writable\n\tat Queue.start(Queue.java:12)";

        assertEquals(List.of(
                new Finding(Status.CRITICAL, "component QueueService failed to activate:"
                        + " java.lang.IllegalStateException: the queue folder is not writable"),
                new Finding(Status.TEMPORARILY_UNAVAILABLE, "component DmpCommands waits for com.medialogis.dmp.status.DmpStatusService")),
                assess(inventory(List.of(QUEUE_ACTIVE), List.of(waiting, failed)), LONG_AFTER).problems());
    }

    @Test
    public void fileInstallLocationsAreReadAsFiles() {
        assertEquals(Optional.of(CONNECTOR_JAR), Inventory.fileOf(CONNECTOR_JAR.toUri().toString()));
        assertEquals(Optional.empty(), Inventory.fileOf("mvn:com.medialogis.dmp/com.medialogis.dmp.queue/0.1.0"));
        assertEquals(Optional.empty(), Inventory.fileOf(null));
    }

    private static ReadinessAssessment assess(Inventory inventory, Instant now) {
        return new ReadinessAssessment(inventory, Optional.of(STARTED), now);
    }

    /** Settings for the queue and the sandbox, both applied; the connector's jar installed. */
    private static Inventory inventory(List<OurBundle> bundles, List<OurComponent> components) {
        return new Inventory(bundles, components, Optional.of(LOAD), List.of(QUEUE_CFG, SANDBOX_CFG),
                Optional.of(Set.of(QUEUE_CFG, SANDBOX_CFG)), List.of(CONNECTOR_JAR), Set.of(CONNECTOR_JAR));
    }

    private static OurComponent component(String name, List<String> pids, int state) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = "com.medialogis.dmp.test";
        description.configurationPid = pids.toArray(String[]::new);
        description.references = new ReferenceDTO[0];
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.description = description;
        configuration.state = state;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        // Running with its settings file, as SCR shows a component configured by FileInstall.
        configuration.properties = new HashMap<>(Map.of(Inventory.FILEINSTALL_FILENAME,
                LOAD.resolve(pids.get(0) + ".cfg").toUri().toString()));
        return new OurComponent(description, List.of(configuration));
    }
}
