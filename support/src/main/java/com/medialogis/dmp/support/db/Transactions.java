package com.medialogis.dmp.support.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.osgi.service.transaction.control.ScopedWorkException;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.TransactionException;

/**
 * Work on an {@link EmbeddedDatabase} through Transaction Control, its SQL failures coming out as
 * they were (Transaction Control wraps what the work threw).
 */
public final class Transactions {

    /** Work on the database that may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final TransactionControl control;
    private final Connection connection;
    private final String owner;

    /**
     * @param connection the Transaction Control scoped connection of {@code control}
     * @param owner whose database, for messages: "the queue's"
     */
    public Transactions(TransactionControl control, Connection connection, String owner) {
        this.control = control;
        this.connection = connection;
        this.owner = owner;
    }

    /** @return the scoped connection to use inside the work */
    public Connection connection() {
        return connection;
    }

    /** Runs the work in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T required(Work<T> work) throws SQLException {
        return unwrap(() -> control.required(work::run));
    }

    /** Runs the work outside any transaction. */
    public <T> T notSupported(Work<T> work) throws SQLException {
        return unwrap(() -> control.notSupported(work::run));
    }

    /** Forces what was committed to the disk itself (H2 writes committed data at once but never syncs it). */
    public void sync() throws SQLException {
        notSupported(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
            return null;
        });
    }

    private <T> T unwrap(Supplier<T> call) throws SQLException {
        try {
            return call.get();
        } catch (ScopedWorkException e) {
            throw sqlException(e);
        } catch (TransactionException e) {
            throw new SQLException(owner + " database transaction failed: " + e.getMessage(), e);
        }
    }

    /** An error of the Java runtime (out of memory…) comes out as it was, for its thread to report. */
    public SQLException sqlException(ScopedWorkException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e.getCause() instanceof SQLException sql ? sql : new SQLException(owner + " database failed: " + e.getCause(), e.getCause());
    }
}
