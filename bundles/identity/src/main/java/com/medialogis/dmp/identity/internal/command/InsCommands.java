package com.medialogis.dmp.identity.internal.command;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.identity.Nir;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Shell commands {@code ins:nir} and {@code ins:insc}. They never throw: a result goes to the
 * output, a reason and the usage go to the error stream, which {@code dmp-shell} turns into a
 * non-zero exit status.
 */
@Component(service = InsCommands.class, property = {
    "osgi.command.scope=ins",
    "osgi.command.function=nir",
    "osgi.command.function=insc"
})
public class InsCommands {

    private static final String NIR_USAGE = "usage: ins:nir NIR   (13 characters, or 15 with the key)";
    private static final String INSC_USAGE = "usage: ins:insc FIRSTNAME AAMMJJ NIR   (quote a first name"
            + " with spaces; \"\" for none)";

    private final InsCalculator calculator;

    @Activate
    public InsCommands(@Reference InsCalculator calculator) {
        this.calculator = calculator;
    }

    @Descriptor("check a NIR: prints 'valid' and its key, or why it is not valid")
    public void nir(@Descriptor("NIR, 13 or 15 characters") String... args) {
        if (args.length != 1) {
            System.err.println(NIR_USAGE);
            return;
        }
        try {
            Nir nir = calculator.nir(args[0]);
            System.out.println("valid, key " + nir.value().substring(13));
        } catch (IdentityException e) {
            System.err.println("invalid NIR: " + e.getMessage());
            System.err.println(NIR_USAGE);
        }
    }

    @Descriptor("compute the INS-C (22 digits) of a person from his card data")
    public void insc(@Descriptor("FIRSTNAME AAMMJJ NIR") String... args) {
        if (args.length != 3) {
            System.err.println(INSC_USAGE);
            return;
        }
        try {
            System.out.println(calculator.insc(args[0], args[1], args[2]).value());
        } catch (IdentityException e) {
            System.err.println("no INS-C: " + e.getMessage());
            System.err.println(INSC_USAGE);
        }
    }
}
