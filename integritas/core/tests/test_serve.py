"""`integritas serve` as a process tree: started, stopped, and torn down when a child dies."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.fixture
def server(tmp_path):
    """A running `integritas serve` with its own data directory; killed if a test leaves it."""
    port = free_port()
    env = {**os.environ, "INTEGRITAS_DATA_DIR": str(tmp_path), "DEBUG": "0", "SECURE_TLS": "0"}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "integritas", "serve", "--port", str(port), "--no-static",
         "--web-workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                assert reply.status == 200
                break
        except OSError:
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "serve did not answer in time"
            time.sleep(0.3)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_runs_web_worker_and_scheduler_and_sigterm_stops_them_all(server):
    children = children_of(server.pid)
    assert len(children) == 3
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert not [pid for pid in children if alive(pid)]


def test_serve_stops_everything_and_fails_when_a_child_dies(server):
    web, worker, scheduler = children_of(server.pid)
    os.kill(scheduler, signal.SIGKILL)
    assert server.wait(timeout=30) != 0
    assert not alive(web) and not alive(worker)
    assert b"scheduler exited" in server.stdout.read()
