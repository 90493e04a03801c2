package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.medialogis.dmp.identity.InsCalculator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The distribution's bundle set (boot/ and bundle/, as a headless container runs it) on Felix:
 * everything resolves and starts, every component is active, and the shell commands answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayContainerTest {

    private static final Set<String> OUR_BUNDLES =
            Set.of("com.medialogis.dmp.api", "com.medialogis.dmp.identity", "com.medialogis.dmp.shell");

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private InsCalculator calculator;

    @Configuration
    public Option[] config() throws IOException {
        Path distribution = Path.of(System.getProperty("dmp.distribution.dir")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory(Path.of("target"), "container-").toAbsolutePath();
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(cleanCaches());
        options.add(frameworkProperty("dmp.data").value(home.resolve("data").toString()));
        options.add(frameworkProperty("ds.delayed.keepInstances").value("true"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("load").toString()));
        options.add(systemProperty("dmp.home").value(home.toString()));
        options.add(systemProperty("org.ops4j.pax.logging.property.file")
                .value(distribution.resolve("conf/log4j2.properties").toString()));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        for (Path jar : jars(distribution.resolve("boot"))) {
            options.add(bundle(jar.toUri().toString()).startLevel(1));
        }
        for (Path jar : jars(distribution.resolve("bundle"))) {
            options.add(bundle(jar.toUri().toString()).startLevel(2));
        }
        return options.toArray(Option[]::new);
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
            assertFalse("no bundle in " + folder, jars.isEmpty());
            return jars;
        }
    }

    @Test
    public void everyBundleOfTheDistributionIsActive() {
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(bundle -> bundle.getState() != Bundle.ACTIVE)
                .map(bundle -> bundle.getSymbolicName() + " in state " + bundle.getState())
                .toList();
        assertEquals("bundles not active", List.of(), notActive);
        Set<String> names = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).collect(Collectors.toSet());
        assertTrue("our bundles are there: " + names, names.containsAll(OUR_BUNDLES));
    }

    @Test
    public void everyComponentOfOurBundlesIsActiveOnceTheCommandsAreUsed() {
        execute("ins:insc JEAN 500801 1500815051040");
        List<ComponentDescriptionDTO> ours = scr.getComponentDescriptionDTOs().stream()
                .filter(description -> OUR_BUNDLES.contains(description.bundle.symbolicName))
                .toList();
        assertEquals("components in our bundles", 3, ours.size());
        for (ComponentDescriptionDTO description : ours) {
            assertTrue(description.name + " is enabled", scr.isComponentEnabled(description));
            List<Integer> states = scr.getComponentConfigurationDTOs(description).stream()
                    .map(configuration -> configuration.state)
                    .toList();
            assertEquals(description.name + " is active", List.of(ComponentConfigurationDTO.ACTIVE), states);
        }
    }

    @Test
    public void inscCommandPrintsTheDomainExample() {
        Output output = execute("ins:insc JEAN 500801 1500815051040");
        assertEquals("1541187387477485562488\n", output.out);
        assertEquals("", output.err);
    }

    @Test
    public void nirCommandAnswersValidOrTheReason() {
        assertEquals("valid, key 18\n", execute("ins:nir 1500815051040").out);
        Output wrongKey = execute("ins:nir 150081505104019");
        assertEquals("", wrongKey.out);
        assertTrue(wrongKey.err, wrongKey.err.startsWith("invalid NIR: The key 19 does not match"));
        assertTrue(wrongKey.err, wrongKey.err.contains("usage: ins:nir NIR"));
    }

    @Test
    public void commandsWithWrongArgumentsPrintTheUsageInsteadOfThrowing() {
        Output missing = execute("ins:insc JEAN 500801");
        assertTrue(missing.err, missing.err.startsWith("usage: ins:insc FIRSTNAME AAMMJJ NIR"));
        Output tooMany = execute("ins:nir 1 2");
        assertTrue(tooMany.err, tooMany.err.startsWith("usage: ins:nir NIR"));
        Output badDate = execute("ins:insc JEAN 5008 1500815051040");
        assertTrue(badDate.err, badDate.err.startsWith("no INS-C: The birth date must have 6 digits"));
    }

    @Test
    public void calculatorServiceIsTheOneTheCommandsUse() throws Exception {
        assertEquals(calculator.insc("Jean", "500801", "1500815051040").value(),
                execute("ins:insc Jean 500801 1500815051040").out.strip());
    }

    @Test
    public void shellSocketIsOpenToItsOwnerOnlyInTheDataFolder() throws Exception {
        Path socket = Path.of(context.getProperty("dmp.data"), "shell.sock");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.exists(socket) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(socket + " exists", Files.exists(socket));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    private Output execute(String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandSession session = commandProcessor.createSession(InputStream.nullInputStream(), out, err);
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

    private record Output(String out, String err) {}
}
