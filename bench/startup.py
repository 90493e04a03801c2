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
import os, shutil, signal, socket, statistics, struct, subprocess, sys, time

HOME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "distribution", "target", "dmp-gateway")
SOCKET = os.path.join(HOME, "data", "shell.sock")


def shell(words):
    """One request in the dmp-shell protocol; returns (status, stdout)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(SOCKET)
        folder = os.getcwd().encode()
        request = struct.pack(">ii", 2, len(folder)) + folder + struct.pack(">i", len(words))
        for word in words:
            data = word.encode()
            request += struct.pack(">i", len(data)) + data
        s.sendall(request)
        stream = s.makefile("rb")
        out = b""
        while True:
            kind, length = struct.unpack(">bi", stream.read(5))
            payload = stream.read(length)
            if kind == ord("O"):
                out += payload
            elif kind == ord("X"):
                return struct.unpack(">i", payload)[0], out.decode()


def all_active():
    try:
        status, out = shell(["lb"])
    except OSError:
        return False
    rows = [line for line in out.splitlines() if "|" in line and not line.strip().startswith("ID")]
    return status == 0 and rows and all("|Active" in row for row in rows)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def one_start(idle):
    if os.path.exists(SOCKET):
        sys.exit("a container already runs in " + HOME)
    t0 = time.monotonic()
    process = subprocess.Popen([os.path.join(HOME, "bin", "dmp-gateway"), "--headless"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not all_active():
        if time.monotonic() - t0 > 30:
            process.kill()
            sys.exit("the container was not ready within 30 s")
        time.sleep(0.005)
    ready = time.monotonic() - t0
    rss_ready = rss_mb(process.pid)
    time.sleep(idle)
    rss_idle = rss_mb(process.pid)
    t1 = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    return ready, rss_ready, rss_idle, time.monotonic() - t1


def summary(name, unit, values):
    values = sorted(values)
    print(f"{name:<22} median {statistics.median(values):7.1f} {unit}   min {values[0]:7.1f}   max {values[-1]:7.1f}")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    idle = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    shutil.rmtree(os.path.join(HOME, "data"), ignore_errors=True)
    first = one_start(idle)
    results = [one_start(idle) for _ in range(runs)]
    print(f"headless starts of {os.path.normpath(HOME)}")
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; "
          + subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0])
    print(f"first start, empty data/: ready in {first[0] * 1000:.0f} ms, RSS {first[1]:.1f} MB")
    print(f"{runs} restarts:")
    summary("ready (all Active)", "ms", [r[0] * 1000 for r in results])
    summary("RSS at ready", "MB", [r[1] for r in results])
    summary(f"RSS after {idle:g} s idle", "MB", [r[2] for r in results])
    summary("stop on SIGTERM", "ms", [r[3] * 1000 for r in results])

    process = subprocess.Popen([os.path.join(HOME, "bin", "dmp-gateway"), "--headless"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not all_active():
            time.sleep(0.01)
        calls = []
        for _ in range(5):
            t = time.monotonic()
            subprocess.run([os.path.join(HOME, "bin", "dmp-shell"), "ins:insc", "JEAN", "500801", "1500815051040"],
                           check=True, capture_output=True)
            calls.append((time.monotonic() - t) * 1000)
        summary("one dmp-shell call", "ms", calls)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
