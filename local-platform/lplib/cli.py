import argparse
import json
import os
import subprocess
import sys
import time

from . import install, procs
from .config import HOST, LOGS, ROOT, RUN, C, endpoints, vpy
from .engines import ENGINES, ORDER

SIMULATOR_APP = ROOT.parent / "apps" / "clickstream-simulator"


def say(msg):
    print(f"[lp] {time.strftime('%H:%M:%S')} {msg}", flush=True)


# The Kubernetes API server (kube/kube.py) is started only when named: its first build compiles kube-apiserver
# from the Go module proxy (minutes), and only the custom-resource tests need it.
KUBE = "kube"


def _names(names):
    bad = [n for n in names if n not in ENGINES and n != KUBE]
    if bad:
        raise SystemExit(f"lp: unknown engine(s) {bad}; choose from {ORDER + [KUBE]}")
    return [n for n in ORDER if not names or n in names]


def _split(names):
    """(the engines these names mean, whether kube is named): no names means every engine, kube alone none."""
    engines = [n for n in names if n != KUBE]
    return (_names(engines) if engines or not names else []), KUBE in names


def _kube():
    sys.path.insert(0, str(ROOT / "kube"))
    import kube  # local-platform/kube/kube.py
    return kube


def _kube_up(state, started_file):
    t0 = time.time()
    say("kube: building if needed (cold: compiles kube-apiserver and kine, about 13 min), starting, applying CRDs")
    try:
        info = _kube().start()
    except RuntimeError as err:
        raise SystemExit(f"lp up: kube FAILED: {err}")
    state["started" if info["started"] else "reused"].append(KUBE)
    _write_state(started_file, state)
    say(f"kube: ready at {info['server']} in {time.time() - t0:.1f}s (kubeconfig {info['kubeconfig']})")


def _logs(name):
    return sorted(LOGS.glob(f"{name}-*.log"))


def _tail(path, n=25):
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def wait_healthy(e, timeout, children=None):
    """children: the Popen objects this call started (their own exit is race-free, unlike /proc scans)."""
    end = time.time() + timeout
    while time.time() < end:
        if e.healthy():
            return True
        alive = any(c.poll() is None for c in children) if children else procs.pids(e.name)
        if not alive:
            return False  # every process of the engine exited: no point waiting
        time.sleep(1.0)
    return e.healthy()


def _write_state(path, state):
    if path:
        tmp = f"{path}.tmp"
        with open(tmp, "w") as f:
            json.dump(state, f)
        os.replace(tmp, path)


class Lock:
    """Serialises up/down of concurrent lp calls (e.g. parallel test runners) on one checkout."""

    def __enter__(self):
        import fcntl
        RUN.mkdir(parents=True, exist_ok=True)
        self.f = open(RUN / "lp.lock", "w")
        fcntl.flock(self.f, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        self.f.close()


def up(names, started_file, timeout):
    with Lock():
        return _up(names, started_file, timeout)


def _up(names, started_file, timeout):
    names, kube = _split(names)
    install.install_all(names)
    LOGS.mkdir(parents=True, exist_ok=True)
    state = {"started": [], "reused": []}
    _write_state(started_file, state)
    for n in names:
        e, t0 = ENGINES[n], time.time()
        if procs.pids(n):
            if wait_healthy(e, timeout):
                e.after_start()
                say(f"{n}: already up and healthy at {e.url()} (reused, not started by this call)")
                state["reused"].append(n)
                _write_state(started_file, state)
                continue
            if procs.pids(n):
                raise SystemExit(f"lp up: {n} is running (pids {procs.pids(n)}) but not healthy after {timeout}s; "
                                 f"see {', '.join(map(str, _logs(n)))} or run `lp down {n}`")
            say(f"{n}: its processes exited while waiting; starting it afresh")
        busy = [f"{p} ({label})" for label, p in e.ports.items() if not procs.port_free(HOST, p)]
        if busy:
            raise SystemExit(f"lp up: cannot start {n}: port {', '.join(busy)} on {HOST} is already in use by "
                             f"another process (not one started by lp). Free it or change the port in config.env.")
        e.prepare()
        say(f"{n}: starting")
        children = []
        for i, (label, argv, env, cwd) in enumerate(e.procs()):
            if i > 0:  # later processes (Spark worker, Flink TM) need the first one's RPC port
                first = list(e.ports.values())[0]
                end = time.time() + timeout
                while not procs.port_open(HOST, first) and time.time() < end and children[0].poll() is None:
                    time.sleep(0.5)
            log = LOGS / f"{label}.log"
            with open(log, "ab") as f:
                f.write(f"\n===== lp up {time.strftime('%Y-%m-%d %H:%M:%S')} =====\n".encode())
                f.flush()
                p = subprocess.Popen([str(a) for a in argv], env=env, cwd=cwd, stdout=f, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
            children.append(p)
            (RUN / f"{label}.pid").write_text(str(p.pid))
        state["started"].append(n)  # recorded before the health wait so a caller can clean up on failure
        _write_state(started_file, state)
        if not wait_healthy(e, timeout, children):
            logs = _logs(n)
            msg = (f"lp up: {n} FAILED to become healthy within {timeout}s at {e.url()}. "
                   f"Log file(s): {', '.join(map(str, logs))}")
            print("\n".join(f"--- last lines of {l} ---\n{_tail(l)}" for l in logs), file=sys.stderr)
            procs.kill_all(n)
            for pidf in RUN.glob(f"{n}-*.pid"):
                pidf.unlink()
            state["started"].remove(n)
            _write_state(started_file, state)
            raise SystemExit(msg)
        e.after_start()
        say(f"{n}: healthy at {e.url()} in {time.time() - t0:.1f}s")
    if kube:
        _kube_up(state, started_file)
    print(json.dumps({"lp": "up", **state}), flush=True)
    return 0


def down(names, started_file):
    with Lock():
        return _down(names, started_file)


def _down(names, started_file):
    if started_file:
        with open(started_file) as f:
            names = json.load(f)["started"]
        if not names:
            say("nothing to stop (this invocation started no engine)")
            return 0
    names, kube = _split(names)
    if kube:
        say(f"kube: stopped {_kube().stop() or 'nothing (not running)'}")
    left = {}
    for n in reversed(names):
        if procs.pids(n):
            say(f"{n}: stopping {len(procs.pids(n))} process(es)")
        rest = procs.kill_all(n, ENGINES[n].stop_grace)
        if rest:
            left[n] = rest
        else:
            ENGINES[n].after_stop()
        for pidf in RUN.glob(f"{n}-*.pid"):
            pidf.unlink()
    if left:
        raise SystemExit(f"lp down: processes survived SIGKILL: {left}")
    if names:
        say(f"down: {', '.join(names)}")
    return 0


def status(names, as_json):
    out = {}
    names, kube = _split(names)
    if kube:
        k = _kube().status()
        out[KUBE] = {"url": k["server"], "healthy": k["ready"], "running": any(
            p["pid"] for p in k["processes"].values()), "pid": {n: p["pid"] for n, p in k["processes"].items()},
            "processes": sum(1 for p in k["processes"].values() if p["pid"]),
            "rss_mib": sum(p["rss_mb"] or 0 for p in k["processes"].values()), "logs": []}
    for n in names:
        e = ENGINES[n]
        ps = procs.pids(n)
        main = {}
        for pidf in RUN.glob(f"{n}-*.pid"):
            if int(pidf.read_text()) in ps:  # only live ones (a failed start may leave a stale file)
                main[pidf.stem] = int(pidf.read_text())
        out[n] = {"url": e.url(), "healthy": bool(ps) and e.healthy(), "running": bool(ps),
                  "pid": main, "processes": len(ps), "rss_mib": procs.rss_mib(ps),
                  "logs": [str(p) for p in _logs(n)]}
    if as_json:
        print(json.dumps(out, indent=1))
    else:
        for n, s in out.items():
            h = "healthy" if s["healthy"] else ("UNHEALTHY" if s["running"] else "down")
            print(f"{n:7} {h:9} {s['url']:24} procs={s['processes']:<3} rss={s['rss_mib']:>5} MiB pid={s['pid']}")
        print(f"total rss: {sum(s['rss_mib'] for s in out.values())} MiB")
    return 0


def logs(names, n):
    for name in _names(names):
        for path in _logs(name):
            print(f"==> {path} <==\n{_tail(path, n)}")
    return 0


def env_cmd():
    for k, v in endpoints().items():
        print(f"export {k}='{v}'")
    return 0


class PeakRss:
    """Samples each engine's process-tree RSS every few seconds while tests run (jobs add drivers/workers)."""

    def __init__(self):
        import threading
        self.peak, self.total, self._stop = {}, 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.wait(3.0):
            now = {n: procs.rss_mib(procs.pids(n)) for n in ORDER}
            for n, v in now.items():
                self.peak[n] = max(self.peak.get(n, 0), v)
            self.total = max(self.total, sum(now.values()))

    def report(self):
        self._stop.set()
        self._t.join(timeout=10)
        say("peak RSS during tests (MiB, process trees): " + ", ".join(f"{n}={v}" for n, v in self.peak.items())
            + f"; peak total={self.total}")


def simulator_app(args, module=None):
    """The clickstream simulator app (apps/clickstream-simulator) on this machine: its generator (demo data) or
    its live loop (main.py, as the Ray job runs it), so demo data and live stream share one definition of users,
    products and fraud."""
    install.install("tools")
    env = {**os.environ, **endpoints(), "PYTHONPATH": str(SIMULATOR_APP)}
    py = str(vpy("tools"))
    argv = ["-m", module] if module else [str(SIMULATOR_APP / "main.py")]
    # exec, not a child: whoever started `lp simulate` stops it with a signal.
    os.execve(py, [py, *argv, *args], env)


def test(pytest_args):
    """CI entry point: install everything, up (reusing what runs), pytest, down what this call started."""
    t0 = time.time()
    install.install_all()
    say(f"install finished in {time.time() - t0:.0f}s")
    sf = str(RUN / "test-started.json")
    RUN.mkdir(parents=True, exist_ok=True)
    rc = 1
    try:
        t1 = time.time()
        up([], sf, int(C["LP_HEALTH_TIMEOUT"]))
        say(f"platform up in {time.time() - t1:.0f}s")
        env = {**os.environ, **endpoints(), "LP_STARTED_FILE": sf}
        status([], False)
        peak = PeakRss()
        rc = subprocess.call([str(vpy("tools")), "-m", "pytest", "-v", "-p", "no:cacheprovider",
                              str(ROOT / "tests"), *pytest_args], env=env, cwd=ROOT)
        peak.report()
    finally:
        if os.path.exists(sf):
            down([], sf)
    say(f"lp test finished in {time.time() - t0:.0f}s with exit code {rc}")
    return rc


def main(argv):
    # Pass-through commands: everything after the verb goes to the tool untouched (argparse would eat --flags).
    if argv[:1] == ["datagen"]:
        return simulator_app(argv[1:], "clickstream_simulator.generate")
    if argv[:1] == ["simulate"]:
        return simulator_app(argv[1:])
    if argv[:1] == ["test"]:
        return test(argv[1:])
    ap = argparse.ArgumentParser(prog="lp", description="Local Spark/Flink/Ray/Kafka/Nessie/S3 platform on 127.0.0.1")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install", help="install/verify venvs and jars").add_argument("names", nargs="*")
    p = sub.add_parser("up", help="start (or reuse) engines and wait for health")
    p.add_argument("names", nargs="*", help=f"subset of {ORDER} (default: all), or {KUBE}: the Kubernetes API "
                   "server with the operators' CRDs (only when named)")
    p.add_argument("--started-file", help="write JSON {started:[...], reused:[...]} here")
    p.add_argument("--timeout", type=int, default=int(C["LP_HEALTH_TIMEOUT"]))
    p = sub.add_parser("down", help="stop engines (default all) and every process they spawned")
    p.add_argument("names", nargs="*")
    p.add_argument("--started-file", help="stop only the engines listed as started in this file")
    p = sub.add_parser("status", help="URL, health, pids and RSS per engine")
    p.add_argument("names", nargs="*")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("logs", help="tail the engines' logs")
    p.add_argument("names", nargs="*")
    p.add_argument("-n", type=int, default=40)
    sub.add_parser("env", help="print endpoints and credentials as shell exports")
    sub.add_parser("crds", help="generate the operators' CRDs from the package registries (.install/crds)"
                   ).add_argument("--force", action="store_true", help="regenerate even when up to date")
    sub.add_parser("datagen", help="generate demo data and upload it to the S3 server (args: see --help)",
                   add_help=False).add_argument("args", nargs=argparse.REMAINDER)
    sub.add_parser("simulate", help="the live clickstream here, as the clickstream-simulator Ray job makes it "
                   "(args: see --help)", add_help=False).add_argument("args", nargs=argparse.REMAINDER)
    p = sub.add_parser("test", help="install, up, run pytest, down what was started")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    if a.cmd == "install":
        install.install_all(a.names or None)
        return 0
    if a.cmd == "up":
        return up(a.names, a.started_file, a.timeout)
    if a.cmd == "down":
        return down(a.names, a.started_file)
    if a.cmd == "status":
        return status(a.names, a.json)
    if a.cmd == "logs":
        return logs(a.names, a.n)
    if a.cmd == "env":
        return env_cmd()
    if a.cmd == "crds":
        import crds
        crds.generate(force=a.force)
        return 0
    if a.cmd in ("datagen", "simulate"):
        return simulator_app(a.args, "clickstream_simulator.generate" if a.cmd == "datagen" else None)
    return test(a.pytest_args)
