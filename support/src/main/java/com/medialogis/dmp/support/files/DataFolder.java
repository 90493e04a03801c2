package com.medialogis.dmp.support.files;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps its data: the folder a setting names, else a sub-folder of the container's
 * data folder (framework property {@value #PROPERTY}, set by {@code bin/dmp-gateway} to the
 * distribution's {@code data/}), else of {@code dmp/} in Karaf's data folder ({@value #KARAF_DATA}),
 * else of the bundle's own data area (another container: deleted with the bundle).
 */
public final class DataFolder {

    /** The framework property naming the container's data folder. */
    public static final String PROPERTY = "dmp.data";

    /** The property naming Apache Karaf's data folder, kept across a reinstalled bundle and a clean start. */
    public static final String KARAF_DATA = "karaf.data";

    private DataFolder() {}

    /**
     * @param context the bundle's context
     * @param configured the folder or file a setting names, or blank
     * @param name the sub-folder (or file) used when the setting is blank, such as {@code queue}
     * @return where the data goes; nothing is created
     */
    public static Path resolve(BundleContext context, String configured, String name) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String data = context.getProperty(PROPERTY);
        if (data != null && !data.isBlank()) {
            return Path.of(data, name);
        }
        String karaf = context.getProperty(KARAF_DATA);
        return karaf != null && !karaf.isBlank() ? Path.of(karaf, "dmp", name) : context.getDataFile(name).toPath();
    }
}
