package com.medialogis.dmp.status.internal.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.efficience.internal.EfficienceConnector;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The session check against the Efficience driver and the sandbox: a session never opened is fine, one that ended is not. */
public class SessionCheckTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;
    private EfficienceConnector driver;
    private final SessionCheck check = new SessionCheck();

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        driver = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), Duration.ofSeconds(2), Optional.empty());
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private static void assertResult(Result result, Result.Status status, String saying) {
        assertEquals(result.toString(), status, result.getStatus());
        assertTrue(result.toString(), result.toString().contains(saying));
    }

    @Test
    public void aSessionNeverOpenedIsFineOneThatEndedIsAWarningUntilOpenedAgain() throws Exception {
        assertResult(check.execute(), Result.Status.WARN, "no driver is bound");
        check.bindConnector(driver);
        assertResult(check.execute(), Result.Status.OK, "no DMP session opened since the driver started");
        driver.openSession("1234".toCharArray());
        assertResult(check.execute(), Result.Status.OK, "open since");
        driver.closeSession();
        assertResult(check.execute(), Result.Status.WARN, "the DMP session ended at");
        assertResult(check.execute(), Result.Status.WARN, "to do: dmp:session open");
        driver.openSession("1234".toCharArray());
        assertResult(check.execute(), Result.Status.OK, "open since");
    }

    @Test
    public void aDriverUnboundAfterItsReplacementLeavesTheReplacementInUse() {
        EfficienceConnector replacement = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()),
                Duration.ofSeconds(2), Optional.empty());
        check.bindConnector(driver);
        check.bindConnector(replacement);
        check.unbindConnector(driver);
        assertResult(check.execute(), Result.Status.OK, "no DMP session opened since the driver started");
        check.unbindConnector(replacement);
        assertResult(check.execute(), Result.Status.WARN, "no driver is bound");
    }
}
