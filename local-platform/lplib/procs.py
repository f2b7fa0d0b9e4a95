"""Process bookkeeping. Every process lp starts gets LP_ROOT=<this checkout> and LP_ENGINE=<engine> in its
environment; children (Spark drivers/executors, Flink Python workers, Ray's raylet/GCS/workers) inherit them,
so scanning /proc/*/environ finds an engine's whole tree even after daemons re-parent to init."""
import os
import signal
import socket
import time

from .config import ROOT


def _marker(engine):
    return (f"LP_ROOT={ROOT}".encode(), f"LP_ENGINE={engine}".encode())


def _scan():
    """{pid: (ppid, environ-bytes-or-None)} for every live, non-zombie process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if fields[0] == "Z":
                continue  # zombie: already dead, just not reaped
            try:
                with open(f"/proc/{d}/environ", "rb") as f:
                    env = f.read()
            except OSError:
                env = None
            out[int(d)] = (int(fields[1]), env)
        except (OSError, IndexError, ValueError):
            continue
    return out


def pids(engine):
    """Processes carrying the engine's marker, plus all their descendants: processes that rewrite their
    title (Ray's dashboard modules, setproctitle) clobber /proc/PID/environ, but keep their parent."""
    root_m, eng_m = _marker(engine)
    table = _scan()
    found = {p for p, (_, env) in table.items()
             if env and f"\0{root_m.decode()}\0".encode() in b"\0" + env and
             f"\0{eng_m.decode()}\0".encode() in b"\0" + env}
    grew = True
    while grew:
        new = {p for p, (pp, _) in table.items() if pp in found and p not in found}
        found |= new
        grew = bool(new)
    return sorted(found)


def rss_mib(pid_list):
    total = 0
    for p in pid_list:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total // 1024


def kill_all(engine, grace=20.0):
    """SIGTERM the engine's processes, SIGKILL what is left after `grace` seconds. Returns leftover pids."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        for p in pids(engine):
            try:
                os.kill(p, sig)
            except ProcessLookupError:
                pass
        end = time.time() + wait
        while time.time() < end and pids(engine):
            time.sleep(0.3)
        if not pids(engine):
            return []
    return pids(engine)


def port_free(host, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def port_open(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
