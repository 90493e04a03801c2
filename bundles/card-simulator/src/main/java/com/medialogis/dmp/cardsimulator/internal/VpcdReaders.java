package com.medialogis.dmp.cardsimulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two readers of the vsmartcard vpcd driver of a real pcscd ("Virtual PCD 00 00" and
 * "Virtual PCD 00 01"). Inserting a card connects it to the reader's TCP port; removing it
 * closes the connection.
 */
final class VpcdReaders implements CardSlots {

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, VpcdConnection> connections = new LinkedHashMap<>();
    private final String host;

    VpcdReaders(String host, int firstPort) {
        this.host = host;
        ports.put("Virtual PCD 00 00", firstPort);
        ports.put("Virtual PCD 00 01", firstPort + 1);
    }

    @Override
    public synchronized List<String> names() {
        return List.copyOf(ports.keySet());
    }

    @Override
    public synchronized Optional<VirtualCard> card(String reader) {
        requireReader(reader);
        return Optional.ofNullable(connections.get(reader)).map(VpcdConnection::card);
    }

    @Override
    public synchronized void insert(String reader, VirtualCard card) {
        requireReader(reader);
        remove(reader);
        connections.put(reader, VpcdConnection.open(host, ports.get(reader), card));
    }

    @Override
    public synchronized boolean remove(String reader) {
        requireReader(reader);
        VpcdConnection connection = connections.remove(reader);
        if (connection != null) {
            connection.close();
        }
        return connection != null;
    }

    @Override
    public synchronized void close() {
        names().forEach(this::remove);
    }

    private void requireReader(String reader) {
        if (!ports.containsKey(reader)) {
            throw new IllegalArgumentException("No vpcd reader named '" + reader + "'");
        }
    }
}
