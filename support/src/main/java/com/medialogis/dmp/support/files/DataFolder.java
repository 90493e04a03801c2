package com.medialogis.dmp.support.files;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * Where a bundle keeps its data: the folder a setting names, else a sub-folder of the container's
 * data folder (framework property {@value #PROPERTY}, set by {@code bin/dmp-gateway} to the
 * distribution's {@code data/}), else of the bundle's own data area (another container).
 */
public final class DataFolder {

    /** The framework property naming the container's data folder. */
    public static final String PROPERTY = "dmp.data";

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
        return data != null && !data.isBlank() ? Path.of(data, name) : context.getDataFile(name).toPath();
    }
}
