package com.medialogis.dmp.bridge.internal.command;

import com.medialogis.dmp.bridge.internal.BridgeToken;
import com.medialogis.dmp.bridge.internal.WebPage;
import java.io.IOException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code bridge:token [--new]}: the bridge token the practice program sends, shown or replaced;
 * {@code bridge:page}: the address of the bridge's page, with a one-time code for the token.
 */
@Component(service = BridgeCommands.class, property = {
    "osgi.command.scope=bridge",
    "osgi.command.function=token",
    "osgi.command.function=page"
})
public class BridgeCommands {

    static final String USAGE = "usage: bridge:token [--new]   (--new replaces it: the practice program then needs the new one)";

    private final BridgeToken token;
    private final WebPage page;

    @Activate
    public BridgeCommands(@Reference BridgeToken token, @Reference WebPage page) {
        this.token = token;
        this.page = page;
    }

    @Descriptor("shows the address of the bridge's page, with a one-time code for its token (open it in a browser of this computer within 5 minutes)")
    public void page() {
        System.out.println(page.address());
    }

    @Descriptor("shows the token the practice program sends to the bridge, or replaces it (--new)")
    public void token(String... args) throws IOException {
        if (args.length > 1 || args.length == 1 && !args[0].equals("--new")) {
            System.err.println(USAGE);
            return;
        }
        if (args.length == 1) {
            token.renew();
        }
        token.writeTo(System.out);
        System.out.println();
    }
}
