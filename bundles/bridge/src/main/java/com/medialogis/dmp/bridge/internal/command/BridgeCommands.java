package com.medialogis.dmp.bridge.internal.command;

import com.medialogis.dmp.bridge.internal.BridgeToken;
import java.io.IOException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code bridge:token [--new]}: the bridge token the practice program sends, shown or replaced. */
@Component(service = BridgeCommands.class, property = {
    "osgi.command.scope=bridge",
    "osgi.command.function=token"
})
public class BridgeCommands {

    static final String USAGE = "usage: bridge:token [--new]   (--new replaces it: the practice program then needs the new one)";

    private final BridgeToken token;

    @Activate
    public BridgeCommands(@Reference BridgeToken token) {
        this.token = token;
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
