package com.medialogis.dmp.bridge.internal;

import javax.ws.rs.core.Application;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The bridge's JAX-RS application, at {@code /api} of the container's HTTP server: its resources
 * and extensions select it by name, so that nothing else published on the whiteboard joins it.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(BridgeApplication.BASE)
@JaxrsName(BridgeApplication.NAME)
public class BridgeApplication extends Application {

    static final String NAME = "dmp-bridge";
    static final String BASE = "api";
    /** The start of the addresses the bridge answers. */
    static final String BASE_PATH = "/" + BASE + "/";
    /** The filter by which the bridge's resources and extensions select the application. */
    static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
}
