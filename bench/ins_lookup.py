#!/usr/bin/env python3
"""INS lookup latency through the sandbox: p50 and p99 of `ins:lookup` over the dmp-shell socket.

Starts a copy of the distribution headless (distribution/target/dmp-gateway, or HOME) on its demo
defaults (the driver talking to the sandbox in the same JVM, the demo's INSi settings), opens the
DMP session with the virtual CPS (which creates the INSi connector), then times CALLS calls of each
lookup, after WARMUP untimed ones:
  traits  `ins:lookup MARTIN JEAN M 1950-08-01`: one INSi command (hl_getInsFromIdentityInformation)
  vitale  `ins:lookup --vitale 1`: the card read by the service first (hl_getVitaleCard,
          hl_readVitaleCard), then hl_getInsFromVitaleCard
Each call is timed from the request written on the socket to the command's exit status read: the
shell's protocol and the command's parsing and printing are included, no client JVM.

Usage: python3 bench/ins_lookup.py [CALLS] [HOME]     (default 1000 calls each, the built distribution)
Build first: mvn -q package -DskipTests
"""
import os, shutil, sys, tempfile, time

from gateway import BUILT, Gateway, machine

WARMUP = 200


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(gateway, words, expected, calls):
    for _ in range(WARMUP):
        gateway.shell(words)
    times = []
    for _ in range(calls):
        t = time.monotonic()
        status, out, err = gateway.shell(words)
        times.append((time.monotonic() - t) * 1000)
        if status != 0 or not out.startswith(expected):
            raise SystemExit(" ".join(words) + ": " + out + err)
    return times


def main():
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    source = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else BUILT
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        home = os.path.join(folder, "dmp-gateway")
        shutil.copytree(source, home, symlinks=True)
        gateway = Gateway(home)
        gateway.start()
        try:
            status, out, err = gateway.shell(["dmp:session", "open"], ["1234"])
            if status != 0:
                raise SystemExit("dmp:session open: " + out + err)
            for name, words in (("traits", ["ins:lookup", "MARTIN", "JEAN", "M", "1950-08-01"]),
                                ("vitale", ["ins:lookup", "--vitale", "1"])):
                times = timed(gateway, words, "INS 150081505104018 ", calls)
                print(f"ins:lookup {name:<7} {calls} calls   p50 {percentile(times, 0.50):6.2f} ms   "
                      f"p99 {percentile(times, 0.99):6.2f} ms   max {max(times):6.2f} ms")
        finally:
            gateway.stop()


if __name__ == "__main__":
    main()
