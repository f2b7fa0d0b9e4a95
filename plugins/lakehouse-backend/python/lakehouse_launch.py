"""Runs a submitted Python app after giving it what it declared it needs.

Staged by the portal next to an app's code for engines without a per-job
Python environment of their own (Spark's driver, Flink's client). Ray gets the
same settings through its runtime environment instead.

    python lakehouse_launch.py <settings: base64 JSON> [app args...]

settings: {"path": "app/main.py"} or {"module": "app.main"}, plus optional
"requirements" (pip requirement strings, already validated by the portal) and
"env" (non-secret variables).

Requirements are installed with the engine's own pip into a folder keyed by
their hash, reused by later runs on the same node. If pip fails, its own
message is printed and the app does not start (exit 3).
"""

import base64
import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

PIP_TIMEOUT_S = int(os.environ.get("LAKEHOUSE_PIP_TIMEOUT_S", "900"))
INSTALL_FAILED = 3


def log(message):
    print(f"[lakehouse] {message}", file=sys.stderr, flush=True)


def install(requirements):
    """Returns the folder holding the installed requirements."""
    key = hashlib.sha256(
        json.dumps([sys.version, sorted(requirements)]).encode()
    ).hexdigest()[:24]
    root = os.environ.get("LAKEHOUSE_REQUIREMENTS_CACHE") or os.path.join(
        tempfile.gettempdir(), "lakehouse-requirements"
    )
    target = os.path.join(root, key)
    if os.path.isdir(target):
        log(f"requirements already installed in {target}")
        return target
    os.makedirs(root, exist_ok=True)
    # Installed beside and renamed into place: a concurrent or killed run never leaves half a folder in use.
    partial = tempfile.mkdtemp(prefix=f"{key}.partial-", dir=root)
    listing = os.path.join(partial, "requirements.txt")
    with open(listing, "w") as f:
        f.write("\n".join(requirements) + "\n")
    log(f"installing {len(requirements)} requirement(s): {', '.join(requirements)}")
    started = time.monotonic()
    command = [
        sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
        "--no-input", "--target", os.path.join(partial, "site"), "-r", listing,
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(partial, ignore_errors=True)
        log(f"pip install did not finish within {PIP_TIMEOUT_S} s")
        sys.exit(INSTALL_FAILED)
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        output = (done.stderr.strip() or done.stdout.strip()).splitlines()
        log("could not install the app's requirements; pip said:")
        for line in output[-30:]:
            print(line, file=sys.stderr)
        sys.exit(INSTALL_FAILED)
    try:
        os.rename(os.path.join(partial, "site"), target)
    except OSError:
        pass  # another run installed the same set first
    shutil.rmtree(partial, ignore_errors=True)
    log(f"installed in {time.monotonic() - started:.1f} s into {target}")
    return target


def read_from_zips(path):
    """The entrypoint's source, from the project zip on sys.path (Spark ships the project as --py-files)."""
    for entry in sys.path:
        if entry.endswith(".zip") and os.path.isfile(entry):
            with zipfile.ZipFile(entry) as archive:
                if path in archive.namelist():
                    return archive.read(path)
    if os.path.isfile(path):
        with open(path, "rb") as f:
            return f.read()
    return None


def main():
    if len(sys.argv) < 2:
        log("usage: lakehouse_launch.py <settings> [args...]")
        sys.exit(2)
    settings = json.loads(base64.b64decode(sys.argv[1]))
    args = sys.argv[2:]
    os.environ.update(settings.get("env") or {})
    requirements = settings.get("requirements") or []
    if requirements:
        site = install(requirements)
        sys.path.insert(0, site)
        # Child processes (Spark's and Flink's Python workers started from here) see them too.
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in [site, os.environ.get("PYTHONPATH")] if p
        )
    if "module" in settings:
        sys.argv = [settings["module"], *args]
        runpy.run_module(settings["module"], run_name="__main__", alter_sys=True)
        return
    path = settings["path"]
    source = read_from_zips(path)
    if source is None:
        log(f"the entrypoint {path} is not in the project")
        sys.exit(2)
    sys.argv = [path, *args]
    code = compile(source, path, "exec")
    exec(code, {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__})


if __name__ == "__main__":
    main()
