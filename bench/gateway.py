"""What the bench scripts share: a DMP gateway container started headless from a distribution
folder, talked to over its dmp-shell socket (protocol 2), and its memory read from /proc."""
import os, socket, statistics, struct, subprocess, time

BUILT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "distribution", "target", "dmp-gateway")
# How often start() asks dmp:ready: each answer costs the starting container a little CPU.
READY_POLL = 0.01


class Gateway:
    def __init__(self, home=BUILT, until="ready"):
        """until: "ready" (dmp:ready answers 0) or "active" (every bundle `lb` lists is Active and
        dmp-shell answers: what builds before dmp:ready can be measured by)."""
        if until not in ("ready", "active"):
            raise SystemExit(f"until is ready or active, not {until!r}")
        self.home = os.path.abspath(home)
        self.until = until
        self.socket = os.path.join(self.home, "data", "shell.sock")
        self.process = None

    def start(self, deadline=30):
        """Starts the container headless; returns the seconds until it is ready (see `until`)."""
        if os.path.exists(self.socket):
            raise SystemExit("a container already runs in " + self.home)
        t0 = time.monotonic()
        self.process = subprocess.Popen([os.path.join(self.home, "bin", "dmp-gateway"), "--headless"],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not self.ready():
            if time.monotonic() - t0 > deadline:
                self.process.kill()
                raise SystemExit(f"the container was not ready within {deadline} s")
            time.sleep(READY_POLL)
        return time.monotonic() - t0

    def stop(self):
        """SIGTERM; returns the seconds until the process exited."""
        t = time.monotonic()
        self.process.terminate()
        self.process.wait(timeout=30)
        return time.monotonic() - t

    def shell(self, words, lines=()):
        """One command over the socket; each input line the command asks for is sent from `lines`.
        Returns (status, stdout, stderr)."""
        pending = list(lines)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(self.socket)
            folder = os.getcwd().encode()
            request = struct.pack(">ii", 2, len(folder)) + folder + struct.pack(">i", len(words))
            for word in words:
                data = word.encode()
                request += struct.pack(">i", len(data)) + data
            s.sendall(request)
            stream = s.makefile("rb")
            out, err = b"", b""
            while True:
                kind, length = struct.unpack(">bi", stream.read(5))
                payload = stream.read(length)
                if kind == ord("O"):
                    out += payload
                elif kind == ord("E"):
                    err += payload
                elif kind == ord("R"):
                    line = pending.pop(0).encode() if pending else b""
                    s.sendall(struct.pack(">bi", ord("I"), len(line)) + line)
                elif kind == ord("X"):
                    return struct.unpack(">i", payload)[0], out.decode(), err.decode()

    def ready(self):
        """Whether dmp:ready answers 0, or every bundle is Active, asked over the socket (no client JVM)."""
        try:
            if self.until == "ready":
                return self.shell(["dmp:ready"])[0] == 0
            status, out, _ = self.shell(["lb"])
        except OSError:
            return False
        bundles = [line for line in out.splitlines() if "|" in line and not line.lstrip().startswith("ID|")]
        return status == 0 and bool(bundles) and all("|Active" in line for line in bundles)

    def memory_mb(self, field="VmRSS"):
        """VmRSS (resident now) or VmHWM (the most resident so far) of the JVM, in MB."""
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024


def machine():
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; {java}"


def summary(name, unit, values):
    values = sorted(values)
    print(f"{name:<26} median {statistics.median(values):7.1f} {unit}   min {values[0]:7.1f}   max {values[-1]:7.1f}")
