package com.medialogis.dmp.bridge.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The bridge's page for people, at {@value #PATH} of the container's HTTP server: static files of
 * this bundle ({@code /web}), served by the HTTP whiteboard, without the token (they hold no
 * data); the page then calls the API with the token, which {@link #address} gives it once in the
 * address's fragment (never sent to the server, never logged). Started from a terminal, the
 * container prints that address.
 */
@Component(service = WebPage.class, immediate = true)
@HttpWhiteboardResource(pattern = WebPage.PATH + "/*", prefix = "/web")
public class WebPage {

    static final String PATH = "/app";
    static final String HOST = "org.apache.felix.http.host";

    private final BundleContext context;
    private final BridgeToken token;

    @Activate
    public WebPage(BundleContext context, @Reference BridgeToken token) {
        this.context = context;
        this.token = token;
        if (System.console() != null) {
            try {
                System.out.print("Page du DMP : ");
                writeAddressTo(System.out);
                System.out.println();
            } catch (IOException e) {
                System.out.println("(the bridge token could not be read: " + e.getMessage() + ")");
            }
        }
    }

    /** Writes the page's address, the bridge token in its fragment (the token never becomes a String). */
    public void writeAddressTo(OutputStream out) throws IOException {
        String host = context.getProperty(HOST);
        String port = context.getProperty(BridgeCheck.PORT);
        out.write(("http://" + (host == null || host.isBlank() || host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":"
                + (port == null ? "8080" : port) + PATH + "/index.html#token=").getBytes(StandardCharsets.US_ASCII));
        token.writeTo(out);
        out.flush();
    }
}
