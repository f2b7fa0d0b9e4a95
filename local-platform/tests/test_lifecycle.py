"""Harness behaviour: `up` twice starts no duplicates, `down` leaves no process behind, a port taken by
something else gives a clear error. Runs last (file order) and restores every engine it stops."""
import json
import os
import socket
import time

from conftest import ROOT, run_lp


def _status():
    r = run_lp("status", "--json", timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _cmdline_pids(needle):
    """Independent of lp's own bookkeeping: every process whose command line mentions `needle`."""
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    if needle.encode() in f.read():
                        out.append(int(d))
            except OSError:
                pass
    return out


def test_status_json_reports_url_health_pid_rss():
    st = _status()
    assert set(st) == {"s3", "kafka", "nessie", "spark", "flink", "ray"}
    for name, s in st.items():
        assert s["healthy"] is True, (name, s)
        url = "127.0.0.1:" if name == "kafka" else "http://127.0.0.1:"  # Kafka's is its bootstrap servers
        assert s["url"].startswith(url) and s["pid"] and s["rss_mib"] > 0


def test_up_twice_starts_no_duplicates(tmp_path):
    before = {n: s["processes"] for n, s in _status().items()}
    sf = tmp_path / "started.json"
    r = run_lp("up", "--started-file", str(sf))
    assert r.returncode == 0, r.stderr
    state = json.loads(sf.read_text())
    assert state == {"started": [], "reused": ["s3", "kafka", "nessie", "spark", "flink", "ray"]}
    assert json.loads(r.stdout.strip().splitlines()[-1])["started"] == []
    after = {n: s["processes"] for n, s in _status().items()}
    assert after["spark"] == before["spark"] == 2 and after["flink"] == before["flink"] == 2
    assert after["s3"] == before["s3"] == 1 and after["nessie"] == before["nessie"] == 1
    assert after["kafka"] == before["kafka"] == 1


def test_down_leaves_no_process_behind_and_up_restores():
    ray_venv = str(ROOT / ".install" / "venvs" / "ray")
    assert _cmdline_pids(ray_venv), "ray should be running before the test"
    r = run_lp("down", "ray", timeout=120)
    assert r.returncode == 0, r.stderr
    time.sleep(1)
    assert _cmdline_pids(ray_venv) == []  # raylet, GCS, dashboard modules, workers: all gone
    assert _status()["ray"]["processes"] == 0
    r = run_lp("up", "ray", timeout=400)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1])["started"] == ["ray"]


def test_port_taken_by_something_else_gives_clear_error():
    r = run_lp("down", "s3", timeout=120)
    assert r.returncode == 0, r.stderr
    port = int(_status()["s3"]["url"].rsplit(":", 1)[1])
    squatter = socket.socket()
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port may be in TIME_WAIT
    try:
        squatter.bind(("127.0.0.1", port))
        squatter.listen(1)
        r = run_lp("up", "s3", timeout=120)
        assert r.returncode != 0
        assert f"port {port}" in r.stderr and "s3" in r.stderr and "already in use" in r.stderr, r.stderr
        assert _status()["s3"]["processes"] == 0  # nothing half-started
    finally:
        squatter.close()
    r = run_lp("up", "s3", timeout=120)
    assert r.returncode == 0, r.stderr
