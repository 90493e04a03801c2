package com.medialogis.dmp.support.files;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;
import org.osgi.framework.BundleContext;

public class DataFolderTest {

    /** A bundle context with these framework properties and a bundle data area. */
    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(DataFolderTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> Path.of("/bundle/data").resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void aSettingWinsOverTheContainersDataFolderWhichWinsOverKarafsWhichWinsOverTheBundlesOwnArea() {
        Map<String, String> both = Map.of("dmp.data", "/data", "karaf.data", "/opt/karaf/data");
        assertEquals(Path.of("/srv/queue"), DataFolder.resolve(context(both), "/srv/queue", "queue"));
        assertEquals(Path.of("/data/queue"), DataFolder.resolve(context(both), "", "queue"));
        assertEquals(Path.of("/data/queue"), DataFolder.resolve(context(both), "  ", "queue"));
        assertEquals(Path.of("/opt/karaf/data/dmp/queue"), DataFolder.resolve(context(Map.of("karaf.data", "/opt/karaf/data")), "",
                "queue"));
        assertEquals(Path.of("/bundle/data/queue"), DataFolder.resolve(context(Map.of()), "", "queue"));
    }
}
