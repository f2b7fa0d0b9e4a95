#!/usr/bin/env python3
"""A real kube-apiserver (storage: kine on SQLite) on 127.0.0.1 for tests that need operator CRs.

No operator runs: tests create RayJob / SparkApplication / FlinkDeployment ... objects and write their
``.status`` through the ``/status`` subresource to simulate the operator. Binaries come from ``build.sh``.

CLI (stdlib only)::

    python3 local-platform/kube/kube.py up       # build if needed, start kine + apiserver, apply CRDs
    python3 local-platform/kube/kube.py status   # pids, RSS, readiness
    python3 local-platform/kube/kube.py env      # KUBECONFIG / KUBE_SERVER / KUBE_TOKEN as shell exports
    python3 local-platform/kube/kube.py down     # stop exactly the pids this module started

Python::

    sys.path.insert(0, "local-platform/kube"); import kube
    info = kube.start()                                  # idempotent; reuses a healthy running server
    kube.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                "metadata": {"name": "lakehouse"}})
    kube.request("PATCH", "/apis/ray.io/v1/namespaces/lakehouse/rayjobs/x/status",
                 {"status": {"jobStatus": "SUCCEEDED"}})   # merge patch by default
    kube.stop()

Settings (env): KUBE_RUN_DIR (default local-platform/.run/kube), KUBE_INSTALL_DIR (.install/kube),
KUBE_KINE_PORT (2379), KUBE_API_PORT (6443), KUBE_TOKEN (dev token), KUBE_READY_TIMEOUT (seconds, 120).
The operator CRDs applied at start are what ``local-platform/lp crds`` generates (local-platform/.install/crds, or
LAKEHOUSE_CRDS_DIR; resolved by local-platform/crds): ``up`` stops with that command in its message when they are
missing. The API server listens on 127.0.0.1 only, serves a self-signed cert
(kubeconfig uses insecure-skip-tls-verify) and authenticates the static token as user ``lp-admin`` in
``system:masters``; authorization is RBAC.
"""
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
LP = HERE.parent                                         # local-platform/
FIELD_MANAGER = "lp-kube"
sys.path.insert(0, str(LP))
import crds as lp_crds  # noqa: E402  (local-platform/crds: where the generated CRDs are)
from lplib import procs  # noqa: E402  (the same port and memory helpers as the engines)


def config():
    e = os.environ.get
    return {
        "run": Path(e("KUBE_RUN_DIR", LP / ".run" / "kube")),
        "install": Path(e("KUBE_INSTALL_DIR", LP / ".install" / "kube")),
        "kine_port": int(e("KUBE_KINE_PORT", "2379")),
        "api_port": int(e("KUBE_API_PORT", "6443")),
        "token": e("KUBE_TOKEN", "lp-dev-token-not-a-secret"),
        "crds": lp_crds.crds_dir(),
        "timeout": float(e("KUBE_READY_TIMEOUT", "120")),
    }


# ---- HTTP -------------------------------------------------------------------------------------------------
_SSL = ssl.create_default_context()
_SSL.check_hostname = False
_SSL.verify_mode = ssl.CERT_NONE                          # self-signed serving cert (dev only)


def request(method, path, body=None, content_type=None, cfg=None, token=True, timeout=30):
    """Call the API server; returns (status, parsed JSON or text). dict bodies are JSON; PATCH defaults to
    merge-patch. Never raises on HTTP errors (the status tells)."""
    cfg = cfg or config()
    data = body
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
        content_type = content_type or ("application/merge-patch+json" if method == "PATCH" else "application/json")
    elif isinstance(body, str):
        data = body.encode()
    req = urllib.request.Request(f"https://127.0.0.1:{cfg['api_port']}{path}", data=data, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    req.add_header("Accept", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {cfg['token']}")
    try:
        with urllib.request.urlopen(req, context=_SSL, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    except (urllib.error.URLError, OSError) as err:
        return 0, str(err)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def ready(cfg=None):
    return request("GET", "/readyz", cfg=cfg, timeout=5)[0] == 200


# ---- processes --------------------------------------------------------------------------------------------
def _pid(cfg, name):
    """pid from <run>/<name>.pid if that process is alive and is our binary, else None."""
    try:
        pid = int((cfg["run"] / f"{name}.pid").read_text())
        exe = os.readlink(f"/proc/{pid}/exe")
    except (OSError, ValueError):
        return None
    return pid if Path(exe).name.removesuffix(" (deleted)") == name else None


def _spawn(cfg, name, args):
    if procs.port_open("127.0.0.1", cfg["kine_port" if name == "kine" else "api_port"]):
        raise RuntimeError(f"{name}: port already in use and not ours (see {cfg['run']}/{name}.pid)")
    log = open(cfg["run"] / f"{name}.log", "ab")
    p = subprocess.Popen([str(cfg["install"] / "bin" / name)] + args, stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, cwd=cfg["run"], start_new_session=True)
    (cfg["run"] / f"{name}.pid").write_text(f"{p.pid}\n")
    return p


def _wait(what, fn, timeout, proc=None, log=None):
    t = time.time()
    while not fn():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}; see {log}")
        if time.time() - t > timeout:
            raise RuntimeError(f"{what} not ready after {timeout:.0f}s; see {log}")
        time.sleep(0.3)


def _prepare_run_dir(cfg):
    run = cfg["run"]
    (run / "pki").mkdir(parents=True, exist_ok=True)
    os.chmod(run, 0o700)
    if not (run / "sa.key").exists():
        subprocess.run(["openssl", "genrsa", "-out", str(run / "sa.key"), "2048"], check=True, capture_output=True)
        subprocess.run(["openssl", "rsa", "-in", str(run / "sa.key"), "-pubout", "-out", str(run / "sa.pub")],
                       check=True, capture_output=True)
    tokens = run / "tokens.csv"
    tokens.write_text(f'{cfg["token"]},lp-admin,lp-admin,"system:masters"\n')
    os.chmod(tokens, 0o600)
    kc = run / "kubeconfig"
    kc.write_text(f"""apiVersion: v1
kind: Config
clusters:
- name: lp-kube
  cluster:
    server: https://127.0.0.1:{cfg['api_port']}
    insecure-skip-tls-verify: true
users:
- name: lp-admin
  user:
    token: {cfg['token']}
contexts:
- name: lp-kube
  context: {{cluster: lp-kube, user: lp-admin}}
current-context: lp-kube
""")
    os.chmod(kc, 0o600)


def start(cfg=None, build=True, crds=True):
    """Start (or reuse) kine + kube-apiserver, wait for /readyz, apply the CRDs and wait until Established.
    Returns {"server", "token", "kubeconfig", "started": [...], "seconds": {...}}."""
    cfg = cfg or config()
    if crds and lp_crds.missing(cfg["crds"]):
        raise RuntimeError(lp_crds.missing(cfg["crds"]))
    t0 = time.time()
    secs, started = {}, []
    if build:
        subprocess.run([str(HERE / "build.sh"), str(cfg["install"])], check=True)
        secs["build"] = round(time.time() - t0, 1)
    _prepare_run_dir(cfg)
    run = cfg["run"]
    t1 = time.time()
    try:
        if not _pid(cfg, "kine"):
            (run / "kine").mkdir(exist_ok=True)
            p = _spawn(cfg, "kine", [
                "--listen-address", f"127.0.0.1:{cfg['kine_port']}", "--metrics-bind-address", "0",
                "--endpoint", f"sqlite://{run}/kine/state.db?_journal=WAL&cache=shared&_busy_timeout=30000"])
            started.append("kine")
            _wait("kine", lambda: procs.port_open("127.0.0.1", cfg["kine_port"]), 30, p, run / "kine.log")
        p = None
        if not _pid(cfg, "kube-apiserver"):
            p = _spawn(cfg, "kube-apiserver", [
                f"--etcd-servers=http://127.0.0.1:{cfg['kine_port']}",
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", f"--secure-port={cfg['api_port']}",
                f"--cert-dir={run}/pki", f"--token-auth-file={run}/tokens.csv", "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc",
                f"--service-account-key-file={run}/sa.pub", f"--service-account-signing-key-file={run}/sa.key",
                "--service-cluster-ip-range=10.96.0.0/24", "--profiling=false", "--v=1",
                # 127.0.0.1 may not be an Endpoints address: without this the apiserver logs an error every 10 s
                "--endpoint-reconciler-type=none"])
            started.append("kube-apiserver")
        _wait("kube-apiserver /readyz", lambda: ready(cfg), cfg["timeout"], p, run / "kube-apiserver.log")
    except Exception:
        stop(cfg, only=started)                        # leave nothing half-started behind
        raise
    secs["ready"] = round(time.time() - t1, 1)
    if crds:
        t2 = time.time()
        names = apply_crds(cfg["crds"], cfg)
        wait_established(names, cfg)
        secs["crds"] = round(time.time() - t2, 1)
    return {"server": f"https://127.0.0.1:{cfg['api_port']}", "token": cfg["token"],
            "kubeconfig": str(run / "kubeconfig"), "started": started, "seconds": secs}


def stop(cfg=None, timeout=20, only=("kube-apiserver", "kine")):
    """Stop the apiserver, then kine (only the pids recorded in <run>/*.pid). Returns the names stopped."""
    cfg = cfg or config()
    stopped = []
    for name in [n for n in ("kube-apiserver", "kine") if n in only]:
        pid = _pid(cfg, name)
        if pid:
            os.kill(pid, signal.SIGTERM)
            t = time.time()
            while _pid(cfg, name) and time.time() - t < timeout:
                time.sleep(0.2)
            if _pid(cfg, name):
                os.kill(pid, signal.SIGKILL)
            stopped.append(name)
        (cfg["run"] / f"{name}.pid").unlink(missing_ok=True)
    return stopped


def status(cfg=None):
    cfg = cfg or config()
    pids = {n: _pid(cfg, n) for n in ("kine", "kube-apiserver")}
    return {"ready": ready(cfg), "server": f"https://127.0.0.1:{cfg['api_port']}",
            "kubeconfig": str(cfg["run"] / "kubeconfig"),
            "processes": {n: {"pid": p, "rss_mb": procs.rss_mib([p]) if p else None} for n, p in pids.items()}}


# ---- CRDs -------------------------------------------------------------------------------------------------
def crd_documents(crd_dir):
    """(name, yaml text) for every CustomResourceDefinition document in *.yaml/*.yml under crd_dir."""
    out = []
    for f in sorted(Path(crd_dir).rglob("*")):
        if f.suffix not in (".yaml", ".yml"):
            continue
        for doc in re.split(r"(?m)^---[ \t]*$", f.read_text()):
            if re.search(r"(?m)^kind:\s*CustomResourceDefinition\s*$", doc):
                m = re.search(r"(?m)^metadata:[ \t]*\n(?:[ \t]+.*\n)*?  name:\s*(\S+)", doc)
                out.append((m.group(1), doc))
    return out


def apply_crds(crd_dir, cfg=None):
    """Server-side apply (raw YAML body, no kubectl needed; no last-applied annotation size limit)."""
    names = []
    for name, doc in crd_documents(crd_dir):
        st, body = request("PATCH", f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"
                           f"?fieldManager={FIELD_MANAGER}&force=true", doc, "application/apply-patch+yaml",
                           cfg=cfg, timeout=120)
        if st not in (200, 201):
            raise RuntimeError(f"apply CRD {name}: HTTP {st}: {str(body)[:500]}")
        names.append(name)
    return names


def wait_established(names, cfg=None, timeout=60):
    def established(n):
        st, crd = request("GET", f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{n}", cfg=cfg)
        conds = crd.get("status", {}).get("conditions", []) if st == 200 else []
        return any(c["type"] == "Established" and c["status"] == "True" for c in conds)
    for n in names:
        _wait(f"CRD {n} Established", lambda: established(n), timeout)


def main(argv):
    cmd = argv[0] if argv else "status"
    cfg = config()
    if cmd == "up":
        try:
            print(json.dumps(start(cfg, build="--no-build" not in argv)))
        except RuntimeError as err:
            print(f"kube.py up: {err}", file=sys.stderr)
            return 1
    elif cmd == "down":
        print(json.dumps({"stopped": stop(cfg)}))
    elif cmd == "status":
        s = status(cfg)
        print(json.dumps(s))
        return 0 if s["ready"] else 1
    elif cmd == "env":
        print(f"export KUBECONFIG={cfg['run'] / 'kubeconfig'}\nexport KUBE_SERVER=https://127.0.0.1:{cfg['api_port']}"
              f"\nexport KUBE_TOKEN={cfg['token']}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
