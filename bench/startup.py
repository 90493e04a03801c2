#!/usr/bin/env python3
"""Start-up time and memory of the DMP gateway container.

Starts a distribution headless (distribution/target/dmp-gateway, or HOME): once from an empty data/
folder (the first start after unpacking: bundle cache and class-sharing archive built), then RUNS
restarts, and measures, for each start:
  ready   from launch until `dmp:ready` answers 0 on its dmp-shell socket: every bundle and
          component of ours active, every settings file of load/ applied, the checks tagged ready
          passing (asked every 10 ms over the socket itself, so no client JVM is counted)
  rss     resident memory of the JVM right after ready, and after IDLE seconds
  stop    from SIGTERM until the process has exited
then the run time of `dmp:health` over the socket (its first call after ready, then calls 2.1 s
apart, past the health checks' 2 s result cache), and the wall time of one
`bin/dmp-shell ins:insc ...` call (the client JVM included).

With UNTIL "active", ready is instead "every bundle `lb` lists is Active", the measure of builds
before dmp:ready, and dmp:health is not timed: so a build and the one before it are measured in
the same run.

Usage: python3 bench/startup.py [RUNS] [IDLE] [HOME] [UNTIL]
       (defaults: 10 restarts, 5 s idle, the built distribution, ready)
Build first: mvn -q package -DskipTests
"""
import os, shutil, subprocess, sys, time

from gateway import BUILT, Gateway, machine, summary


def one_start(home, idle, until):
    gateway = Gateway(home, until)
    ready = gateway.start()
    rss_ready = gateway.memory_mb()
    time.sleep(idle)
    rss_idle = gateway.memory_mb()
    return ready, rss_ready, rss_idle, gateway.stop()


def timed_health(gateway):
    t = time.monotonic()
    gateway.shell(["dmp:health"])
    return (time.monotonic() - t) * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    idle = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    home = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else BUILT
    until = sys.argv[4] if len(sys.argv) > 4 else "ready"
    shutil.rmtree(os.path.join(home, "data"), ignore_errors=True)
    first = one_start(home, idle, until)
    results = [one_start(home, idle, until) for _ in range(runs)]
    print(f"headless starts of {os.path.normpath(home)}")
    print(machine())
    print(f"first start, empty data/: ready in {first[0] * 1000:.0f} ms, RSS {first[1]:.1f} MB")
    print(f"{runs} restarts:")
    summary(f"{until} ({'dmp:ready' if until == 'ready' else 'lb'})", "ms", [r[0] * 1000 for r in results])
    summary("RSS at ready", "MB", [r[1] for r in results])
    summary(f"RSS after {idle:g} s idle", "MB", [r[2] for r in results])
    summary("stop on SIGTERM", "ms", [r[3] * 1000 for r in results])

    gateway = Gateway(home, until)
    gateway.start()
    try:
        if until == "ready":
            print(f"dmp:health, first call after ready: {timed_health(gateway):.1f} ms")
            health = []
            for _ in range(10):
                time.sleep(2.1)
                health.append(timed_health(gateway))
            summary("dmp:health (socket)", "ms", health)
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
