package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Both transports of the service (EFFICIENCE-API.md §1.1, §1.2): a WebSocket per command, over a
 * bridge to the strict sandbox, with a document large enough to go in fragments both ways; and
 * TLS, with a certificate made by the JDK's keytool for this test, trusted from a PEM file.
 */
public class EfficienceTransportsTest {

    private static final Ins AUTHORIZED = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final char[] STORE_PASSWORD = "transport-test".toCharArray();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.newFolder("sandbox").toPath(), new InetSocketAddress("127.0.0.1", 0));
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private URI sandboxAddress() {
        return URI.create("http://127.0.0.1:" + sandbox.port());
    }

    private static EfficienceConnector driver(URI address, Optional<Path> trusted) {
        return new EfficienceConnector(address, Duration.ofSeconds(10), trusted, EfficienceConnector.Connection.DEFAULTS,
                Optional.empty());
    }

    @Test
    public void overAWebSocketPerCommandEveryCommandWorksAndADocumentGoesInFragmentsBothWays() throws Exception {
        try (WebSocketBridge bridge = new WebSocketBridge(sandboxAddress(), Optional.empty())) {
            EfficienceConnector driver = driver(URI.create("ws://127.0.0.1:" + bridge.port()), Optional.empty());
            driver.openSession("1234".toCharArray());
            assertEquals(DmpState.AUTHORIZED, driver.status(AUTHORIZED).state());
            byte[] scan = new byte[3 * 1024 * 1024 + 7];
            new Random(5).nextBytes(scan);
            String uniqueId = driver.deposit(AUTHORIZED, metadata(), DocumentContent.of(scan)).uniqueId();
            assertEquals(1, driver.find(AUTHORIZED, DocumentQuery.ALL).size());
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            assertEquals(scan.length, driver.retrieve(AUTHORIZED, uniqueId, new DigestOutputStream(OutputStream.nullOutputStream(), read)));
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(scan), read.digest());
            assertTrue("the document's request went in fragments: " + bridge.fragments(),
                    bridge.fragments().stream().anyMatch(count -> count > 100));
            ConnectorException refused = assertThrows(ConnectorException.class, () -> driver.authorize(
                    new Ins("1464688430391309708952", InsSystem.INS_C, Ins.Status.COMPUTED), true));
            assertEquals("an API_ERROR comes back the same way", "API_2_0", refused.dmpCode());
            driver.closeSession();
            assertEquals(Long.valueOf(1), sandbox.counts().get("hl_closeSession"));
        }
    }

    @Test
    public void aWebSocketThatNothingServesIsATransientFailure() throws Exception {
        int port;
        try (WebSocketBridge closed = new WebSocketBridge(sandboxAddress(), Optional.empty())) {
            port = closed.port();
        }
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> driver(URI.create("ws://127.0.0.1:" + port), Optional.empty()).openSession("1234".toCharArray()));
        assertTrue(e.isTransient());
        assertEquals("UNREACHABLE", e.dmpCode());
    }

    @Test
    public void overTlsTheServiceIsTrustedFromThePemFileAndItsNameIsVerified() throws Exception {
        Path store = keyStore("localhost");
        Path pem = folder.getRoot().toPath().resolve("localhost.pem");
        try (ScriptedService service = new ScriptedService(Optional.of(tls(store)))) {
            service.on("hl_openSession", request -> "{\"s_status\":\"OK\",\"s_sessionId\":\"s-1\"}")
                    .on("hl_getCpxCard", request -> "{\"s_status\":\"OK\"}")
                    .on("hl_createDmpConnector", request -> "{\"s_status\":\"OK\",\"s_instanceUniqueId\":\"2.25.7\"}");
            driver(service.address("localhost"), Optional.of(pem)).openSession("1234".toCharArray());

            ConnectorException untrusted = assertThrows(ConnectorException.class,
                    () -> driver(service.address("localhost"), Optional.empty()).openSession("1234".toCharArray()));
            assertEquals("the system's authorities do not know the test's certificate", "TLS_NOT_TRUSTED", untrusted.dmpCode());
            ConnectorException otherName = assertThrows(ConnectorException.class,
                    () -> driver(service.address("127.0.0.1"), Optional.of(pem)).openSession("1234".toCharArray()));
            assertEquals("a certificate for localhost does not serve 127.0.0.1", "TLS_NOT_TRUSTED", otherName.dmpCode());
            assertEquals("only the trusted exchange reached the service", 3, service.received().size());
        }
    }

    @Test
    public void overASecureWebSocketTheSameTrustApplies() throws Exception {
        Path store = keyStore("localhost");
        try (WebSocketBridge bridge = new WebSocketBridge(sandboxAddress(), Optional.of(tls(store)))) {
            EfficienceConnector driver = driver(URI.create("wss://localhost:" + bridge.port()),
                    Optional.of(folder.getRoot().toPath().resolve("localhost.pem")));
            driver.openSession("1234".toCharArray());
            assertEquals(DmpState.AUTHORIZED, driver.status(AUTHORIZED).state());
        }
    }

    @Test
    public void aTrustFileThatHoldsNoCertificateIsRefusedAtOnce() throws Exception {
        Path notPem = Files.writeString(folder.newFile("not.pem").toPath(), "not a certificate");
        IOException e = assertThrows(IOException.class, () -> ServiceClient.trust(notPem));
        assertTrue(e.getMessage(), e.getMessage().contains(notPem.toString()));
    }

    private static DocumentMetadata metadata() {
        return new DocumentMetadata("Scanner", "", Category.IMAGING, DocumentFormat.PDF, AuthorRole.ACTEUR,
                PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty());
    }

    /** A key pair and its certificate for the host, made by the JDK's keytool; its certificate exported as PEM beside it. */
    private Path keyStore(String host) throws Exception {
        Path store = folder.getRoot().toPath().resolve(host + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(List.of(keytool.toString(), "-genkeypair", "-alias", "service", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD)));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "service", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-file", store.resolveSibling(host + ".pem").toString()));
        return store;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String said = new String(out.readAllBytes());
            assertTrue(command.get(1) + " within 60 s", process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(command.get(1) + ": " + said, 0, process.exitValue());
        }
    }

    private static SSLContext tls(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }
}
