#!/usr/bin/env python3
"""The toolbar's state over HTTP with a warm cache: calls per second and latency (p50, p99) at 1
and 16 concurrent clients, and the time from launch to the bridge's first REST answer.

Starts a copy of the distribution headless (distribution/target/dmp-gateway, or HOME) on its demo
defaults, opens the DMP session with the virtual CPS, registers a patient holding the sandbox's
AUTHORIZED identifier, asks his state once (the DMP answers; the cache keeps it), then runs
bench/ToolbarLoad.java (the JDK's HTTP client) on GET /api/patients/P-BENCH/dmp: the client and
the container share the machine.

Usage: python3 bench/toolbar.py [SECONDS] [HOME]     (default 10 s per run, the built distribution)
Build first: mvn -q package -DskipTests
"""
import json, os, shutil, subprocess, sys, tempfile, time, urllib.request

from gateway import BUILT, Gateway, machine

BENCH = os.path.dirname(os.path.abspath(__file__))


def call(url, token, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return answer.status, answer.read()


def first_answer(home):
    """Seconds from launch until GET /api/patients answers 200 (asked every 10 ms)."""
    gateway = Gateway(home)
    t0 = time.monotonic()
    gateway.process = subprocess.Popen([os.path.join(home, "bin", "dmp-gateway"), "--headless"],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    token_file = os.path.join(home, "data", "bridge", "token")
    while True:
        try:
            with open(token_file) as f:
                token = f.read().strip()
            if call(api(home) + "patients", token)[0] == 200:
                return gateway, time.monotonic() - t0, token
        except OSError:
            pass
        if time.monotonic() - t0 > 60:
            gateway.process.kill()
            raise SystemExit("the bridge did not answer within 60 s")
        time.sleep(0.01)


def api(home):
    with open(os.path.join(home, "conf", "config.properties")) as f:
        port = next(line.split("=")[1].strip() for line in f if line.startswith("org.osgi.service.http.port="))
    return f"http://127.0.0.1:{port}/api/"


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    source = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else BUILT
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        home = os.path.join(folder, "dmp-gateway")
        shutil.copytree(source, home, symlinks=True)
        first, t, token = first_answer(home)
        first.stop()
        gateway, t, token = first_answer(home)
        try:
            print(f"launch to the bridge's first REST answer: {t:.2f} s (a restart; the first start builds caches)")
            status, out, err = gateway.shell(["dmp:session", "open"], ["1234"])
            if status != 0:
                raise SystemExit("dmp:session open: " + out + err)
            base = api(home)
            call(base + "patients/P-BENCH", token, "PUT", {"name": "MARTIN", "firstName": "Jean", "birthDate": "1950-08-01", "sex": "MALE"})
            call(base + "patients/P-BENCH/identifier", token, "PUT", {"identifier": "1541187387477485562488"})
            state = json.loads(call(base + "patients/P-BENCH/dmp", token)[1])
            print(f"the patient's state: {state['state']} (the next calls answer from the cache)")
            for clients in (1, 16):
                subprocess.run(["java", os.path.join(BENCH, "ToolbarLoad.java"), base + "patients/P-BENCH/dmp", token,
                                str(clients), str(seconds)], check=True)
            print(f"resident memory after the load: {gateway.memory_mb():.0f} MB (VmRSS), at most {gateway.memory_mb('VmHWM'):.0f} MB")
        finally:
            gateway.stop()


if __name__ == "__main__":
    main()
