package com.medialogis.dmp.support.db;

import com.medialogis.dmp.support.files.PrivateFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProvider;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProviderFactory;

/**
 * An H2 database in a file of the data folder, through a pool of the local JDBC resource provider
 * of Transaction Control: the queue's and the practice records' storage.
 */
public final class EmbeddedDatabase {

    private static final int MAX_POOLED_CONNECTIONS = 4;

    /**
     * An open database.
     *
     * @param connection the connection to use inside the transactions of {@link TransactionControl}
     * @param release closes the pool
     */
    public record Open(Connection connection, AutoCloseable release) {}

    private EmbeddedDatabase() {}

    /**
     * Opens (or creates) the database {@code name} in the folder. H2 writes at each commit
     * ({@code WRITE_DELAY=0}: H2's default of 500 ms loses committed rows when the process is
     * killed); no trace file: its errors reach the callers. The folder and H2's files in it are
     * readable by the container's user only, whatever the launcher's umask.
     *
     * @param cacheKb H2's page cache, in KB (its default is 64 MB)
     */
    public static Open open(Path folder, String name, int cacheKb, TransactionControl transactions,
            JDBCConnectionProviderFactory providers, DataSourceFactory h2) throws Exception {
        PrivateFiles.folder(folder);
        Properties jdbc = new Properties();
        jdbc.setProperty(DataSourceFactory.JDBC_URL, "jdbc:h2:file:" + folder.resolve(name).toAbsolutePath()
                + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0;CACHE_SIZE=" + cacheKb);
        jdbc.setProperty(DataSourceFactory.JDBC_USER, "sa");
        jdbc.setProperty(DataSourceFactory.JDBC_PASSWORD, "");
        JDBCConnectionProvider provider = providers.getProviderFor(h2, jdbc, Map.of(
                JDBCConnectionProviderFactory.CONNECTION_POOLING_ENABLED, true,
                JDBCConnectionProviderFactory.MIN_CONNECTIONS, 1,
                JDBCConnectionProviderFactory.MAX_CONNECTIONS, MAX_POOLED_CONNECTIONS,
                JDBCConnectionProviderFactory.LOCAL_ENLISTMENT_ENABLED, true));
        try {
            Open open = new Open(provider.getResource(transactions), () -> providers.releaseProvider(provider));
            PrivateFiles.filesIn(folder);
            return open;
        } catch (Exception | Error e) {
            providers.releaseProvider(provider);
            throw e;
        }
    }

    /**
     * Waits until the container has started: opening a database loads H2, its pool and
     * Transaction Control, about 0.4 s of CPU on a two-core workstation, which then does not delay
     * the start.
     *
     * @param closing says when the component waiting was stopped meanwhile
     * @throws InterruptedException when interrupted, or stopped before the container had started
     */
    public static void awaitContainerStarted(BundleContext context, BooleanSupplier closing) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
                return;
            }
            while (!started.await(100, TimeUnit.MILLISECONDS)) {
                if (closing.getAsBoolean()) {
                    throw new InterruptedException("stopped before the container had started");
                }
            }
        } finally {
            context.removeFrameworkListener(listener);
        }
    }
}
