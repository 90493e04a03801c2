package com.medialogis.dmp.sandbox.internal.command;

import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.util.List;
import org.apache.felix.service.command.Descriptor;

/**
 * {@code sandbox:patients}, {@code sandbox:stats}, {@code sandbox:faults} and {@code sandbox:card}. They never throw: a
 * reason and the usage go to the error stream.
 */
public final class SandboxCommands {

    private static final String FAULTS_USAGE = "usage: sandbox:faults [LATENCY_MS TRANSIENT_RATE PERMANENT_RATE]"
            + "   (rates from 0 to 1, for example: sandbox:faults 0 0.2 0.01)";

    private static final String CARD_USAGE = "usage: sandbox:card [" + DmpSandbox.MOVE_USAGE + "]   (for example: sandbox:card"
            + " insert cps Virtual PCD 00 01)";

    private final DmpSandbox sandbox;

    public SandboxCommands(DmpSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Descriptor("the patients of the simulated DMP: identifier, DMP, this doctor's authorization")
    public void patients(String... args) {
        if (args.length != 0) {
            System.err.println("usage: sandbox:patients");
            return;
        }
        sandbox.patients().forEach(System.out::println);
    }

    @Descriptor("what the sandbox received, by command, the errors it injected and the documents it holds")
    public void stats(String... args) {
        if (args.length != 0) {
            System.err.println("usage: sandbox:stats");
            return;
        }
        sandbox.stats().forEach(System.out::println);
    }

    @Descriptor("show, or set, the latency and error rates injected into DMP commands")
    public void faults(String... args) {
        if (args.length == 3) {
            try {
                sandbox.faults(Long.parseLong(args[0]), Double.parseDouble(args[1]), Double.parseDouble(args[2]));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.err.println(FAULTS_USAGE);
                return;
            }
        } else if (args.length != 0) {
            System.err.println(FAULTS_USAGE);
            return;
        }
        System.out.println(sandbox.faults());
    }

    @Descriptor("show the readers of the sandbox's Efficience service, or insert (in a reader) or remove its virtual CPS or Vitale card")
    public void card(String... args) {
        if (args.length != 0) {
            try {
                sandbox.move(List.of(args));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.err.println(CARD_USAGE);
                return;
            }
        }
        sandbox.readers().forEach(System.out::println);
    }
}
