package com.medialogis.dmp.bridge.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The bridge's page for people, at {@value #PATH} of the container's HTTP server: static files of
 * this bundle ({@code /web}), served by the HTTP whiteboard, without the token (they hold no
 * data); the page then calls the API with the token, which it gets once for the one-time code in
 * its address's fragment ({@link PageCodes}). Started from a terminal (the launcher says so with
 * {@code dmp.console.level}), the container prints that address.
 */
@Component(service = WebPage.class, immediate = true)
@HttpWhiteboardResource(pattern = WebPage.PATH + "/*", prefix = "/web")
public class WebPage {

    static final String PATH = "/app";
    static final String HOST = "org.apache.felix.http.host";

    /** The launcher's property: OFF when headless, the console's level when started from a terminal. */
    static final String CONSOLE = "dmp.console.level";

    private final BundleContext context;
    private final PageCodes codes;

    @Activate
    public WebPage(BundleContext context, @Reference PageCodes codes) {
        this.context = context;
        this.codes = codes;
        String console = context.getProperty(CONSOLE);
        if (console != null && !console.equals("OFF")) {
            System.out.println("Page du DMP : " + address());
        }
    }

    /** @return the page's address with a new one-time code in its fragment */
    public String address() {
        String host = context.getProperty(HOST);
        String port = context.getProperty(BridgeCheck.PORT);
        return "http://" + (host == null || host.isBlank() || host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":"
                + (port == null ? "8080" : port) + PATH + "/index.html#code=" + codes.issue();
    }
}
