#!/usr/bin/env python3
"""Start-up time and memory of the DMP gateway container.

Starts distribution/target/dmp-gateway headless: once from an empty data/ folder (the first
start after unpacking: bundle cache and class-sharing archive built), then RUNS restarts, and
measures, for each start:
  ready   from launch until the container answers `lb` on its dmp-shell socket with every
          bundle Active (polled every 5 ms over the socket itself, so no client JVM is counted)
  rss     resident memory of the JVM right after ready, and after IDLE seconds
  stop    from SIGTERM until the process has exited
then the wall time of one `bin/dmp-shell ins:insc ...` call (the client JVM included).

Usage: python3 bench/startup.py [RUNS] [IDLE]   (defaults: 10 restarts, 5 s idle)
Build first: mvn -q install -DskipTests
"""
import os, shutil, subprocess, sys, time

from gateway import Gateway, machine, summary


def one_start(idle):
    gateway = Gateway()
    ready = gateway.start()
    rss_ready = gateway.memory_mb()
    time.sleep(idle)
    rss_idle = gateway.memory_mb()
    return ready, rss_ready, rss_idle, gateway.stop()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    idle = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    home = Gateway().home
    shutil.rmtree(os.path.join(home, "data"), ignore_errors=True)
    first = one_start(idle)
    results = [one_start(idle) for _ in range(runs)]
    print(f"headless starts of {os.path.normpath(home)}")
    print(machine())
    print(f"first start, empty data/: ready in {first[0] * 1000:.0f} ms, RSS {first[1]:.1f} MB")
    print(f"{runs} restarts:")
    summary("ready (all Active)", "ms", [r[0] * 1000 for r in results])
    summary("RSS at ready", "MB", [r[1] for r in results])
    summary(f"RSS after {idle:g} s idle", "MB", [r[2] for r in results])
    summary("stop on SIGTERM", "ms", [r[3] * 1000 for r in results])

    gateway = Gateway()
    gateway.start()
    try:
        calls = []
        for _ in range(5):
            t = time.monotonic()
            subprocess.run([os.path.join(home, "bin", "dmp-shell"), "ins:insc", "JEAN", "500801", "1500815051040"],
                           check=True, capture_output=True)
            calls.append((time.monotonic() - t) * 1000)
        summary("one dmp-shell call", "ms", calls)
    finally:
        gateway.stop()


if __name__ == "__main__":
    main()
