package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;


/** The built distribution as the tests use it: its folders, its settings, a new build of its connector. */
final class Distribution {

    static final String SANDBOX_CFG = "com.medialogis.dmp.sandbox.cfg";
    static final String CONNECTOR_CFG = "com.medialogis.dmp.connector.efficience.cfg";
    static final String CONNECTOR_JAR = "connector-efficience.jar";

    private Distribution() {}

    /** @return the distribution built by the reactor (target/dmp-gateway) */
    static Path folder() {
        return Path.of(System.getProperty("dmp.distribution.dir")).toAbsolutePath().normalize();
    }

    /**
     * Copies the built distribution (without a data folder) to {@code home}, its DMP sandbox and
     * HTTP server on free ports.
     *
     * @return the sandbox's port
     */
    static int copyTo(Path home) throws IOException {
        Path distribution = folder();
        try (Stream<Path> files = Files.walk(distribution)) {
            for (Path source : files.filter(path -> !path.startsWith(distribution.resolve("data"))).toList()) {
                Path target = home.resolve(distribution.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        int dmpPort = freePort();
        copySettings(home.resolve("load"), dmpPort);
        Path config = home.resolve("conf/config.properties");
        Files.writeString(config, Files.readString(config).replace("org.osgi.service.http.port=9980",
                "org.osgi.service.http.port=" + freePort()));
        return dmpPort;
    }

    /**
     * Copies the distribution's settings into {@code load}, with the sandbox and the driver on
     * another port than the demo's 9982 (and the sandbox's card monitoring on another than 9983),
     * so that a demo container running beside never answers.
     */
    static void copySettings(Path load, int dmpPort) throws IOException {
        Files.createDirectories(load);
        for (Path cfg : files(folder().resolve("load"), ".cfg")) {
            String text = Files.readString(cfg)
                    .replace("monitoring.port = 9983", "monitoring.port = " + freePort())
                    .replace("port = 9982", "port = " + dmpPort)
                    .replace("address = http://127.0.0.1:9982", "address = http://127.0.0.1:" + dmpPort);
            Files.writeString(load.resolve(cfg.getFileName()), text);
        }
    }

    /** @return a TCP port free on loopback now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The Pax Exam options of a headless container of the distribution: boot/ and bundle/, and
     * FileInstall watching {@code home/load} with the distribution's settings and connector.
     */
    static Option[] containerOptions(Path home) throws IOException {
        Path distribution = folder();
        copySettings(home.resolve("load"), freePort());
        Files.copy(distribution.resolve("load").resolve(CONNECTOR_JAR), home.resolve("load").resolve(CONNECTOR_JAR));
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(cleanCaches());
        options.add(frameworkProperty("dmp.data").value(home.resolve("data").toString()));
        // The bridge's HTTP server, on a free loopback port, as conf/config.properties sets it.
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.enable").value("true"));
        options.add(frameworkProperty("org.apache.cxf.osgi.http.transport.disable").value("true"));
        options.add(frameworkProperty("ds.delayed.keepInstances").value("true"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("load").toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("100"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(systemProperty("dmp.home").value(home.toString()));
        options.add(systemProperty("org.ops4j.pax.logging.property.file")
                .value(distribution.resolve("conf/log4j2.properties").toString()));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        for (Path jar : files(distribution.resolve("boot"), ".jar")) {
            options.add(bundle(jar.toUri().toString()).startLevel(1));
        }
        for (Path jar : files(distribution.resolve("bundle"), ".jar")) {
            options.add(bundle(jar.toUri().toString()).startLevel(2));
        }
        return options.toArray(Option[]::new);
    }

    private static List<Path> files(Path folder, String ending) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(file -> file.toString().endsWith(ending)).sorted().toList();
            assertFalse("no " + ending + " in " + folder, found.isEmpty());
            return found;
        }
    }

    /**
     * Installs a new build of the connector as an integrator does: the jar written beside, then
     * renamed over the old one, so that FileInstall never reads half a file. The new build is the
     * distribution's with another Bundle-Version.
     */
    static void replaceConnector(Path load, String version) throws IOException {
        Path part = load.resolve("." + CONNECTOR_JAR + ".part");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(folder().resolve("load").resolve(CONNECTOR_JAR)));
                OutputStream file = Files.newOutputStream(part)) {
            Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.move(part, load.resolve(CONNECTOR_JAR), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs a command line as the shell does; commands print and return nothing. */
    static Output execute(CommandProcessor processor, String commandLine, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        CommandSession session = processor.createSession(in, out, err);
        try {
            Object result = session.execute(commandLine);
            assertEquals("commands print, they return nothing", null, result);
        } catch (Exception e) {
            throw new AssertionError("'" + commandLine + "' threw " + e, e);
        } finally {
            session.close();
        }
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Output(String out, String err) {}
}
