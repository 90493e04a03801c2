package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The DMP driver the bridge's resources call, bound optional, dynamic and greedy: replacing the
 * driver bundle never takes the resources away; while none is bound, a call is answered
 * {@code NO_CONNECTOR} (503).
 */
@Component(service = ConnectorHolder.class)
public class ConnectorHolder {

    private final AtomicReference<DmpConnector> connector = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConnector(DmpConnector bound) {
        connector.set(bound);
    }

    /** A greedy rebinding binds the new driver before it unbinds the old one: only the old one is forgotten. */
    void unbindConnector(DmpConnector gone) {
        connector.compareAndSet(gone, null);
    }

    /** @return the bound driver, if any */
    Optional<DmpConnector> bound() {
        return Optional.ofNullable(connector.get());
    }

    /** @return the bound driver */
    DmpConnector current() throws ConnectorException {
        DmpConnector bound = connector.get();
        if (bound == null) {
            throw ConnectorException.noConnector();
        }
        return bound;
    }
}
