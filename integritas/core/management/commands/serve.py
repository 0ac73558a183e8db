"""`integritas serve`: the embedded deployment as one supervised process tree.

Three children, each its own process group so that only the supervisor decides how they stop:
- web: gunicorn (gthread workers) serving `integritas.wsgi:application`;
- worker: a Huey consumer that runs queued jobs and leaves periodic tasks alone;
- scheduler: a Huey consumer with no workers that only enqueues the periodic tasks (and moves
  delayed jobs onto the queue when they fall due), so periodic work is enqueued once.

Ctrl-C or SIGTERM stops every child gracefully. If any child dies, the others are stopped and the
command exits non-zero, so a process manager above us (systemd, a container) restarts the tree.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 15
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    name: str
    argv: list[str]
    stop_signal: int
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, process_group=0, preexec_fn=_die_with_parent)

    def exit_code(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, self.stop_signal)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)


def static_sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            info = os.stat(storage.path(path))
            entries.append(f"{path}\t{info.st_size}\t{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child if the supervisor itself is killed (kill -9, OOM)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Run the web server and the job consumers as one supervised process tree."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                            help="gunicorn worker processes (default: $WEB_CONCURRENCY or 2)")
        parser.add_argument("--threads", type=int, default=4,
                            help="threads per gunicorn worker (default 4)")
        parser.add_argument("--job-workers", type=int,
                            default=settings.HUEY.get("consumer", {}).get("workers", 2),
                            help="threads of the Huey worker consumer (default: $HUEY_WORKERS)")
        parser.add_argument("--no-static", action="store_true",
                            help="skip collectstatic (whitenoise then serves from the apps)")

    def handle(self, *args, host, port, web_workers, threads, job_workers, no_static,
               **options):
        if not no_static:
            self.collect_static_if_changed()
        children = self.children(host, port, web_workers, threads, job_workers)
        self.stop_requested = False
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.request_stop)
        for child in children:
            child.start()
        self.stdout.write(f"Integritas is running at http://{host}:{port}/ "
                          f"(web, worker, scheduler). Press Ctrl-C to stop.")
        self.stdout.flush()
        failed = self.supervise(children)
        self.stop_all(children)
        if failed:
            sys.exit(1)

    def collect_static_if_changed(self) -> None:
        """collectstatic compresses every file (~20 s), so run it only when a source changed."""
        stamp = Path(settings.STATIC_ROOT) / ".sources"
        fingerprint = static_sources_fingerprint()
        if stamp.exists() and stamp.read_text() == fingerprint:
            return
        self.stdout.write("Collecting and compressing static files…")
        self.stdout.flush()
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint)

    @staticmethod
    def children(host, port, web_workers, threads, job_workers) -> list[Child]:
        python = sys.executable
        gunicorn = [
            python, "-m", "gunicorn", "integritas.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(web_workers),
            "--worker-class", "gthread", "--threads", str(threads),
            "--graceful-timeout", str(GRACE_SECONDS - 5), "--error-logfile", "-",
            "--no-control-socket",  # one fixed path per user would clash between instances
        ]
        consumer = [python, "-m", "integritas", "run_huey", "--quiet", "--shutdown-timeout",
                    str(GRACE_SECONDS - 5)]
        return [
            Child("web", gunicorn, signal.SIGTERM),  # gunicorn: TERM is the graceful stop
            Child("worker", [*consumer, "--workers", str(job_workers), "--no-periodic"],
                  signal.SIGINT),  # huey: INT is the graceful stop
            Child("scheduler", [*consumer, "--workers", "0"], signal.SIGINT),
        ]

    def request_stop(self, signum, frame) -> None:
        self.stop_requested = True

    def supervise(self, children: list[Child]) -> bool:
        """Wait until asked to stop (returns False) or until a child exits (returns True)."""
        while not self.stop_requested:
            for child in children:
                code = child.exit_code()
                if code is not None:
                    self.stderr.write(f"{child.name} exited with code {code}; "
                                      f"stopping the others.")
                    return True
            time.sleep(POLL_SECONDS)
        self.stdout.write("Stopping…")
        return False

    def stop_all(self, children: list[Child]) -> None:
        for child in children:
            child.stop()
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(c.exit_code() is None for c in children):
            time.sleep(POLL_SECONDS)
        for child in children:
            if child.exit_code() is None:
                self.stderr.write(f"{child.name} did not stop in {GRACE_SECONDS}s; killing it.")
                child.kill()
            child.process.wait()
