#!/usr/bin/env python3
"""Memory of the DMP gateway container while it deposits documents of the largest size.

Copies distribution/target/dmp-gateway to a temporary folder and starts it headless, as shipped
(-Xmx256m, its own sandbox in place of the Efficience service). Opens the DMP session and deposits a
small letter (so that the driver, Jackson and the HTTP client are loaded), then deposits RUNS
documents of 20 MB (random bytes behind %PDF-, each different) with `dmp:deposit`: stored in the
queue, sent, answered. While each deposit runs, the JVM's resident memory is sampled every 10 ms.
Prints, per deposit, the resident memory before it, the highest sample during it and its time; and
the process's peak resident memory (VmHWM) before the first and after the last.

Usage: python3 bench/deposit_memory.py [RUNS]   (default 5)
Build first: mvn -q install -DskipTests
"""
import os, shutil, sys, tempfile, threading, time

from gateway import BUILT, Gateway, machine, summary

LARGEST = 20 * 1024 * 1024
PATIENT = "1541187387477485562488"


def sampled(gateway, call):
    """Runs call() while sampling VmRSS; returns (its result, the highest sample, seconds)."""
    highest = [gateway.memory_mb()]
    done = threading.Event()

    def sample():
        while not done.wait(0.01):
            highest[0] = max(highest[0], gateway.memory_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    t = time.monotonic()
    try:
        result = call()
    finally:
        elapsed = time.monotonic() - t
        done.set()
        sampler.join()
    return result, max(highest[0], gateway.memory_mb()), elapsed


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    work = tempfile.mkdtemp(prefix="dmp-deposit-memory-")
    home = os.path.join(work, "dmp-gateway")
    shutil.copytree(BUILT, home, ignore=shutil.ignore_patterns("data"))
    gateway = Gateway(home)
    gateway.start()
    try:
        deadline = time.monotonic() + 30
        while "session OPEN" not in gateway.shell(["dmp:session", "open"], ["1234"])[1]:
            if time.monotonic() > deadline:
                raise SystemExit("no DMP session within 30 s")
            time.sleep(0.1)
        letter = os.path.join(work, "lettre.txt")
        with open(letter, "w") as f:
            f.write("Compte rendu de consultation\n")
        status, out, err = gateway.shell(["dmp:deposit", letter, PATIENT, "CONSULTATION"])
        if status != 0:
            raise SystemExit("the warm-up deposit failed: " + err)
        peak_before = gateway.memory_mb("VmHWM")
        before, during, seconds = [], [], []
        for run in range(runs):
            scan = os.path.join(work, f"scanner-{run}.pdf")
            with open(scan, "wb") as f:
                f.write(b"%PDF-1.7\n" + os.urandom(LARGEST - 9))
            before.append(gateway.memory_mb())
            (status, out, err), highest, elapsed = sampled(
                gateway, lambda: gateway.shell(["dmp:deposit", scan, PATIENT, "IMAGING"]))
            if status != 0 or not out.startswith("deposited "):
                raise SystemExit("the deposit failed: " + out + err)
            during.append(highest)
            seconds.append(elapsed)
            os.remove(scan)
        peak_after = gateway.memory_mb("VmHWM")
    finally:
        gateway.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{runs} deposits of {LARGEST} bytes through dmp:deposit (queue, driver, sandbox on loopback), -Xmx256m")
    print(machine())
    summary("RSS before a deposit", "MB", before)
    summary("highest RSS during one", "MB", during)
    summary("time of one deposit", "s", seconds)
    print(f"peak RSS of the process (VmHWM): {peak_before:.1f} MB before the first, {peak_after:.1f} MB after the last")


if __name__ == "__main__":
    main()
