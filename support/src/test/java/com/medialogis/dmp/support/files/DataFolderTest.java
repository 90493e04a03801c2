package com.medialogis.dmp.support.files;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.Test;
import org.osgi.framework.BundleContext;

public class DataFolderTest {

    /** A bundle context with the container's data folder property (or none) and a bundle data area. */
    private static BundleContext context(String dataFolder) {
        return (BundleContext) Proxy.newProxyInstance(DataFolderTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> DataFolder.PROPERTY.equals(args[0]) ? dataFolder : null;
                    case "getDataFile" -> Path.of("/bundle/data").resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void aSettingWinsOverTheContainersDataFolderWhichWinsOverTheBundlesOwnArea() {
        assertEquals(Path.of("/srv/queue"), DataFolder.resolve(context("/data"), "/srv/queue", "queue"));
        assertEquals(Path.of("/data/queue"), DataFolder.resolve(context("/data"), "", "queue"));
        assertEquals(Path.of("/data/queue"), DataFolder.resolve(context("/data"), "  ", "queue"));
        assertEquals(Path.of("/bundle/data/queue"), DataFolder.resolve(context(null), "", "queue"));
    }
}
