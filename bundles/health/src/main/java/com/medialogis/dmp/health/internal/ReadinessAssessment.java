package com.medialogis.dmp.health.internal;

import com.medialogis.dmp.health.internal.Inventory.OurBundle;
import com.medialogis.dmp.health.internal.Inventory.OurComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.Result.Status;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Whether the container has started what it holds: every bundle of ours active, every settings
 * file applied and bundle file installed, every enabled component of ours satisfied or active.
 * What is still on its way is {@code TEMPORARILY_UNAVAILABLE}; a component that failed to
 * activate, or a bundle still not active {@link #SETTLING} after the container started or after
 * its own install or update, is {@code CRITICAL}. A component that requires a configuration and
 * has none is only "not configured", unless a settings file exists for it.
 */
final class ReadinessAssessment {

    /** How long a bundle may stay installed or resolved before it is taken to have failed to start. */
    static final Duration SETTLING = Duration.ofSeconds(5);

    record Finding(Status status, String text) {}

    private final Inventory inventory;
    private final Optional<Instant> containerStarted;
    private final Instant now;
    private final List<Finding> problems = new ArrayList<>();
    private final List<String> notConfigured = new ArrayList<>();

    /** @param containerStarted when the framework finished starting; empty while it starts */
    ReadinessAssessment(Inventory inventory, Optional<Instant> containerStarted, Instant now) {
        this.inventory = inventory;
        this.containerStarted = containerStarted;
        this.now = now;
        inventory.bundles().forEach(this::assessBundle);
        assessFileInstallFolder();
        inventory.components().forEach(this::assessComponent);
        problems.sort(Comparator.comparing(Finding::status).reversed());
    }

    /** @return what is not ready, the worst first; empty when everything is */
    List<Finding> problems() {
        return problems;
    }

    /** @return what was seen when everything is ready */
    List<String> seen() {
        List<String> seen = new ArrayList<>();
        StringBuilder counts = new StringBuilder()
                .append(plural(inventory.bundles().size(), "bundle")).append(" of ours active, ")
                .append(plural(inventory.components().size() - notConfigured.size(), "component")).append(" satisfied or active");
        inventory.fileInstallFolder().ifPresentOrElse(folder -> counts
                .append(", ").append(plural(inventory.settingsFiles().size(), "settings file")).append(" applied")
                .append(", ").append(plural(inventory.bundleFiles().size(), "bundle file")).append(" installed from ")
                .append(folder),
                () -> counts.append("; no FileInstall folder (" + Inventory.FILEINSTALL_DIR + "), no settings files to check"));
        seen.add(counts.toString());
        if (!notConfigured.isEmpty()) {
            seen.add("not configured (no settings file, none required): " + String.join(", ", notConfigured));
        }
        return seen;
    }

    private void assessBundle(OurBundle bundle) {
        String name = "bundle " + bundle.id() + " " + bundle.symbolicName();
        switch (bundle.state()) {
            case Bundle.ACTIVE -> { }
            case Bundle.STARTING -> problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE, name + " is starting"));
            case Bundle.STOPPING -> problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE, name + " is stopping"));
            default -> {
                String state = bundle.state() == Bundle.INSTALLED ? "INSTALLED" : "RESOLVED";
                if (settling(bundle.lastChanged())) {
                    problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE, name + " is not started yet (" + state + ")"));
                } else if (bundle.state() == Bundle.INSTALLED) {
                    problems.add(new Finding(Status.CRITICAL, name + " cannot be resolved (INSTALLED):"
                            + " a package or service it requires is missing"));
                } else {
                    problems.add(new Finding(Status.CRITICAL, name + " is not active (RESOLVED): it failed to start (the log says why),"
                            + " or was stopped (start " + bundle.id() + " starts it)"));
                }
            }
        }
    }

    private boolean settling(Instant lastChanged) {
        return containerStarted.isEmpty()
                || now.isBefore(max(containerStarted.get(), lastChanged).plus(SETTLING));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void assessFileInstallFolder() {
        Optional<Path> folder = inventory.fileInstallFolder();
        if (folder.isEmpty()) {
            return;
        }
        Optional<Set<Path>> applied = inventory.settingsApplied();
        if (applied.isEmpty()) {
            if (!inventory.settingsFiles().isEmpty()) {
                problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE, "no ConfigurationAdmin: the settings files in "
                        + folder.get() + " cannot be applied"));
            }
        } else {
            inventory.settingsFiles().stream()
                    .filter(file -> !applied.get().contains(file))
                    .forEach(file -> problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE,
                            "settings file " + shown(file) + " is not applied yet")));
        }
        inventory.bundleFiles().stream()
                .filter(file -> !inventory.bundleFilesInstalled().contains(file))
                .forEach(file -> problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE,
                        "bundle file " + shown(file) + " is not installed yet")));
    }

    private void assessComponent(OurComponent component) {
        ComponentDescriptionDTO description = component.description();
        String name = "component " + description.name;
        List<ComponentConfigurationDTO> configurations = component.configurations();
        List<Path> settings = settingsFilesOf(description);
        if (configurations.isEmpty() || configurations.stream().allMatch(c -> c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION)) {
            if (settings.isEmpty()) {
                notConfigured.add(description.name);
            } else {
                problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE, name + " waits for its settings "
                        + settings.stream().map(this::shown).collect(Collectors.joining(", "))));
            }
            return;
        }
        List<Path> ownSettings = settings.stream().filter(file -> Inventory.pidOf(file).equals(Inventory.stemOf(file))).toList();
        for (ComponentConfigurationDTO configuration : configurations) {
            settingsNotTaken(ownSettings, configuration).ifPresent(file -> problems.add(new Finding(
                    Status.TEMPORARILY_UNAVAILABLE, name + " has not taken its settings " + shown(file) + " yet")));
            switch (configuration.state) {
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> problems.add(new Finding(Status.CRITICAL,
                        name + " failed to activate: " + firstLine(configuration.failure)));
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> problems.add(new Finding(Status.TEMPORARILY_UNAVAILABLE,
                        name + " waits for " + missing(description, configuration)));
                default -> { }
            }
        }
    }

    /**
     * ConfigAdmin holding a settings file's configuration is not enough: the component runs with it
     * only once SCR has reactivated it with it, which it does on its own thread, a moment later. A
     * running configuration carries the file's name among its properties once it has taken it.
     *
     * @param ownSettings the component's settings files that are not a factory's
     * @return the settings file this running configuration has not taken yet
     */
    private static Optional<Path> settingsNotTaken(List<Path> ownSettings, ComponentConfigurationDTO configuration) {
        if (configuration.state != ComponentConfigurationDTO.ACTIVE && configuration.state != ComponentConfigurationDTO.SATISFIED) {
            return Optional.empty();
        }
        Object taken = configuration.properties == null ? null : configuration.properties.get(Inventory.FILEINSTALL_FILENAME);
        Optional<Path> takenFile = taken == null ? Optional.empty() : Inventory.fileOf(taken.toString());
        return ownSettings.stream().filter(file -> !takenFile.equals(Optional.of(file))).findFirst();
    }

    private List<Path> settingsFilesOf(ComponentDescriptionDTO description) {
        List<String> pids = Inventory.configurationPids(description);
        return inventory.settingsFiles().stream().filter(file -> pids.contains(Inventory.pidOf(file))).toList();
    }

    private static String missing(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        List<String> references = new ArrayList<>();
        for (UnsatisfiedReferenceDTO unsatisfied : configuration.unsatisfiedReferences) {
            String service = unsatisfied.name;
            for (ReferenceDTO reference : description.references) {
                if (reference.name.equals(unsatisfied.name)) {
                    service = reference.interfaceName;
                }
            }
            references.add(unsatisfied.target == null ? service : service + " " + unsatisfied.target);
        }
        return references.isEmpty() ? "a service" : String.join(", ", references);
    }

    private static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given (see the log)";
        }
        return failure.strip().lines().findFirst().orElse("");
    }

    /** A file of the FileInstall folder as its folder's name and its own: {@code load/x.cfg}. */
    private String shown(Path file) {
        Path folder = inventory.fileInstallFolder().orElseThrow();
        return folder.getFileName() == null ? file.toString() : folder.getFileName().resolve(folder.relativize(file)).toString();
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
