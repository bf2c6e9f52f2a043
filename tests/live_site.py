"""A site of its own for tests with real parts: a fresh SQLite file, the
project's settings from the environment, gunicorn and the background worker
as separate processes (bench.loadtest's Site, plus the worker)."""

import json
import os
import signal
import socket
import subprocess
import time

import pytest

from bench.loadtest import PROJECT, PYTHON, Site


class LiveSite(Site):
    def __init__(self, workdir, **env):
        super().__init__("sqlite", workdir)
        self.env |= {
            # The project's own settings: the test run's give each process a
            # cache prefix of its own, so its processes would share nothing.
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            **env,
        }
        self.workers = []

    def migrate(self):
        self.manage("migrate", "--noinput", "-v0")
        return self

    def shell(self, script):
        """Run `script` in the site's Django; the JSON of its last line."""
        output = self.manage("shell", "-v0", "-c", script).strip()
        return json.loads(output.splitlines()[-1]) if output else None

    def start_worker(self):
        worker = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
            ],
            cwd=PROJECT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.workdir / "worker.log", "a"),
            start_new_session=True,
        )
        self.workers.append(worker)
        time.sleep(1.5)  # Django's start-up
        return worker

    def kill(self, worker, sig=signal.SIGKILL):
        if worker.poll() is None:
            os.killpg(worker.pid, sig)
            worker.wait(timeout=30)

    def stop(self):
        for worker in self.workers:
            self.kill(worker, signal.SIGTERM)
        self.workers = []
        self.stop_server()


def redis_url():
    """Redis for the processes to share: REDIS_URL, or one answering on the
    usual port; None without."""
    if url := os.environ.get("REDIS_URL"):
        return url
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return None
    return "redis://127.0.0.1:6379/0"


needs_redis = pytest.mark.skipif(
    redis_url() is None, reason="no Redis on 127.0.0.1:6379 (CI starts one)"
)
