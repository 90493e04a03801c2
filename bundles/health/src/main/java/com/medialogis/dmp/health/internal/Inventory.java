package com.medialogis.dmp.health.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What the container holds at one moment, as far as readiness goes: our bundles (symbolic names
 * starting {@value #OUR_PREFIX}), their enabled components, and the FileInstall folder's settings
 * files ({@code *.cfg}) and bundle files ({@code *.jar}) with those applied and installed.
 *
 * @param settingsApplied the settings files ConfigAdmin holds a configuration of; empty when no
 *        ConfigAdmin is bound
 */
record Inventory(
        List<OurBundle> bundles,
        List<OurComponent> components,
        Optional<Path> fileInstallFolder,
        List<Path> settingsFiles,
        Optional<Set<Path>> settingsApplied,
        List<Path> bundleFiles,
        Set<Path> bundleFilesInstalled) {

    static final String OUR_PREFIX = "com.medialogis.dmp.";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    record OurBundle(long id, String symbolicName, int state, Instant lastChanged) {}

    record OurComponent(ComponentDescriptionDTO description, List<ComponentConfigurationDTO> configurations) {}

    static Inventory take(BundleContext context, ServiceComponentRuntime scr, ConfigurationAdmin configurationAdmin)
            throws IOException {
        List<OurBundle> bundles = new ArrayList<>();
        Set<Path> installedFiles = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && name.startsWith(OUR_PREFIX) && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundles.add(new OurBundle(bundle.getBundleId(), name, bundle.getState(),
                        Instant.ofEpochMilli(bundle.getLastModified())));
            }
            fileOf(bundle.getLocation()).ifPresent(installedFiles::add);
        }
        List<OurComponent> components = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            String bundleName = description.bundle.symbolicName;
            if (bundleName != null && bundleName.startsWith(OUR_PREFIX) && scr.isComponentEnabled(description)) {
                components.add(new OurComponent(description, List.copyOf(scr.getComponentConfigurationDTOs(description))));
            }
        }
        String folderProperty = context.getProperty(FILEINSTALL_DIR);
        if (folderProperty == null || folderProperty.isBlank()) {
            return new Inventory(bundles, components, Optional.empty(), List.of(), Optional.of(Set.of()), List.of(), installedFiles);
        }
        Path folder = Path.of(folderProperty).toAbsolutePath().normalize();
        return new Inventory(bundles, components, Optional.of(folder), filesEnding(folder, ".cfg"),
                applied(configurationAdmin), filesEnding(folder, ".jar"), installedFiles);
    }

    private static Optional<Set<Path>> applied(ConfigurationAdmin configurationAdmin) throws IOException {
        if (configurationAdmin == null) {
            return Optional.empty();
        }
        Configuration[] configurations;
        try {
            configurations = configurationAdmin.listConfigurations("(" + FILEINSTALL_FILENAME + "=*)");
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        Set<Path> files = new HashSet<>();
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            Object fileName = configuration.getProperties().get(FILEINSTALL_FILENAME);
            if (fileName != null) {
                fileOf(fileName.toString()).ifPresent(files::add);
            }
        }
        return Optional.of(files);
    }

    private static List<Path> filesEnding(Path folder, String ending) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(folder, "[!.]*" + ending)) {
            listed.forEach(file -> {
                if (Files.isRegularFile(file)) {
                    files.add(file.normalize());
                }
            });
        }
        files.sort(null);
        return files;
    }

    /** The file a {@code file:} URI names (FileInstall's bundle locations and settings file names), if any. */
    static Optional<Path> fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(location)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException | FileSystemNotFoundException notAFile) {
            return Optional.empty();
        }
    }

    /** @return the PIDs a settings file configures: {@code PID.cfg}, or {@code PID-NAME.cfg} for a factory, as FileInstall reads it */
    static String pidOf(Path settingsFile) {
        String stem = stemOf(settingsFile);
        int dash = stem.indexOf('-');
        return dash > 0 ? stem.substring(0, dash) : stem;
    }

    /** @return the file's name without {@code .cfg}: the PID of a settings file that is not a factory's */
    static String stemOf(Path settingsFile) {
        String name = settingsFile.getFileName().toString();
        return name.substring(0, name.length() - ".cfg".length());
    }

    static List<String> configurationPids(ComponentDescriptionDTO description) {
        return description.configurationPid == null ? List.of() : Arrays.asList(description.configurationPid);
    }
}
