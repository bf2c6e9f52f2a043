"""Real worker processes (`manage.py db_worker`) on a database they share
with the test: tasks run, survive a worker killed under them, and fail for
good only after their retries."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench.cluster import WORKER_UNIT, service_command

from .tasks import notes

PROJECT = Path(settings.BASE_DIR)
# On PostgreSQL the workers use the test database, so its rows must commit.
pytestmark = pytest.mark.django_db(transaction=True)
# Quick beats and a short lease, so a killed worker is found dead in seconds.
HEARTBEAT_SECONDS, LEASE_SECONDS = "0.2", "2"


class Site:
    """Newsroom on `database_url`, driven through its own processes, as a
    server, a worker and an operator's shell would drive it."""

    def __init__(self, database_url, folder):
        self.folder = folder
        self.processes = []
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "NEWSROOM_"))
        } | {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_SECRET_KEY": "worker-tests-" + "0123456789abcdef" * 3,
            "DATABASE_URL": database_url,
            "NEWSROOM_WORKER_HEARTBEAT_SECONDS": HEARTBEAT_SECONDS,
            "NEWSROOM_WORKER_LEASE_SECONDS": LEASE_SECONDS,
        }

    def manage(self, *arguments):
        return self.python("manage.py", *arguments)

    def python(self, *arguments):
        run = subprocess.run(
            [sys.executable, *arguments],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        return run.stdout

    def django(self, code):
        return self.python("-c", f"import django; django.setup()\n{code}")

    def enqueue(self, task, *arguments):
        """Enqueue tests.worker.tasks.<task>(folder, *arguments); its id."""
        return self.django(
            f"from tests.worker.tasks import {task}\n"
            f"print({task}.enqueue({str(self.folder)!r}, *{arguments!r}).id)"
        ).strip()

    def result(self, result_id, *, wait_until_finished=False):
        """The task's row; with `wait_until_finished`, once it has succeeded
        or failed for good."""
        return json.loads(
            self.django(
                "import json, time\n"
                "from django_tasks_db.models import DBTaskResult\n"
                "deadline = time.monotonic() + 30\n"
                "while True:\n"
                f"    r = DBTaskResult.objects.get(id={result_id!r})\n"
                f"    if not {wait_until_finished} or r.status in "
                "('SUCCESSFUL', 'FAILED') or time.monotonic() > deadline:\n"
                "        break\n"
                "    time.sleep(0.05)\n"
                "print(json.dumps({'status': r.status, 'workers': r.worker_ids, "
                "'attempts': len(r.worker_ids), 'error': r.exception_class_path, "
                "'traceback': r.traceback, 'value': r.return_value}))"
            )
        )

    def start_worker(self, *options):
        return self.start(
            "db_worker",
            "--no-reload",
            "--interval",
            "0.1",
            "--no-startup-delay",
            *options,
        )

    def start(self, *arguments):
        """Start `manage.py <arguments>` in the background."""
        with open(self.folder / f"process-{len(self.processes)}.log", "w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", *arguments],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def wait_for(self, condition, what, seconds=30):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not happen; logs:\n{self.logs()}")
            time.sleep(0.05)

    def logs(self):
        return "".join(p.read_text() for p in self.folder.glob("*.log"))[-3000:]

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()  # lets runserver_with_worker stop its own
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def database_url(tmp_path):
    """A database the test's processes share: PostgreSQL's test database, or
    a file, as SQLite's test database lives in this process's memory."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return f"sqlite:///{tmp_path / 'site.sqlite3'}"


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database to copy from, made once for the module."""
    path = tmp_path_factory.mktemp("template") / "site.sqlite3"
    Site(f"sqlite:///{path}", path.parent).manage("migrate", "--noinput", "-v0")
    return path


@pytest.fixture
def site(database_url, tmp_path, request):
    site = Site(database_url, tmp_path)
    if database_url.startswith("sqlite"):
        template = request.getfixturevalue("migrated_sqlite")
        source = sqlite3.connect(template)
        copy = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        source.backup(copy)
        source.close()
        copy.close()
    yield site
    site.stop()


def test_worker_runs_an_enqueued_task(site):
    result_id = site.enqueue("record", "hello")
    site.start_worker()

    result = site.result(result_id, wait_until_finished=True)

    assert result["status"] == "SUCCESSFUL"
    assert result["value"] == "HELLO"
    assert notes(site.folder, "record") == ["hello"]


def test_task_of_a_killed_worker_runs_again_on_another(site):
    result_id = site.enqueue("wait_for_release")
    first = site.start_worker()
    site.wait_for(lambda: notes(site.folder, "started"), "the task starting")

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert site.result(result_id)["status"] == "RUNNING"  # as the kill left it
    (site.folder / "release").touch()
    site.start_worker()
    result = site.result(result_id, wait_until_finished=True)

    assert result["status"] == "SUCCESSFUL"
    assert result["attempts"] == 2
    assert len(notes(site.folder, "started")) == 2
    assert len(notes(site.folder, "finished")) == 1


def test_worker_restarted_under_its_own_id_reruns_its_task_at_once(site):
    """As systemd restarts deploy/newsroom-worker@.service: the same worker
    id, so no need to wait for the lease of the killed process to run out."""
    site.env["NEWSROOM_WORKER_LEASE_SECONDS"] = "3600"
    result_id = site.enqueue("wait_for_release")
    first = site.start_worker("--worker-id", "host-1")
    site.wait_for(lambda: notes(site.folder, "started"), "the task starting")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    (site.folder / "release").touch()
    site.start_worker("--worker-id", "host-1")
    result = site.result(result_id, wait_until_finished=True)

    assert result["status"] == "SUCCESSFUL"
    assert result["attempts"] == 2


def test_stopped_worker_finishes_its_task_before_it_exits(site):
    """What `systemctl stop` (SIGTERM) does to a worker in the middle of a task."""
    result_id = site.enqueue("wait_for_release")
    worker = site.start_worker()
    site.wait_for(lambda: notes(site.folder, "started"), "the task starting")

    worker.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    still_running = worker.poll() is None
    (site.folder / "release").touch()

    assert still_running
    assert worker.wait(timeout=20) == 0
    result = site.result(result_id)
    assert result["status"] == "SUCCESSFUL"
    assert result["attempts"] == 1


def test_failing_task_is_retried_with_backoff_then_fails_for_good(site):
    result_id = site.enqueue("fail")
    site.start_worker()

    # Each failed attempt is marked failed a moment before it is queued
    # again: wait for the last attempt before waiting for the end.
    site.wait_for(lambda: len(notes(site.folder, "attempts")) == 3, "3 attempts")
    result = site.result(result_id, wait_until_finished=True)

    attempts = [float(line) for line in notes(site.folder, "attempts")]
    assert len(attempts) == result["attempts"] == 3
    # 0.3 s before the second attempt, twice that before the third.
    assert attempts[1] - attempts[0] >= 0.3
    assert attempts[2] - attempts[1] >= 0.6
    assert result["status"] == "FAILED"
    assert result["error"] == "builtins.ConnectionRefusedError"
    assert "SMTP server down" in result["traceback"]


def test_worker_unit_runs_the_queue_as_its_machine_and_instance(site):
    """deploy/newsroom-worker@.service's command, as bench/cluster.py runs it."""
    command, environment = service_command(WORKER_UNIT, "1")
    site.env |= environment
    result_id = site.enqueue("record", "from systemd")

    site.python(*command[1:], "--batch")

    result = site.result(result_id)
    assert result["status"] == "SUCCESSFUL"
    assert result["workers"] == [f"{socket.gethostname().split('.')[0]}-1"]


def test_make_runs_command_serves_and_runs_tasks_until_ctrl_c(site):
    """`make run` is manage.py runserver_with_worker."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site.env["DJANGO_DEBUG"] = "1"
    result_id = site.enqueue("record", "made")
    launcher = site.start("runserver_with_worker", f"127.0.0.1:{port}")

    finished = site.result(result_id, wait_until_finished=True)
    site.wait_for(lambda: answers(port), "the server answering")
    launcher.send_signal(signal.SIGINT)

    assert finished["status"] == "SUCCESSFUL"
    assert launcher.wait(timeout=20) == 0
    assert not answers(port)
    # The worker stopped too: it said so by dropping its heartbeat.
    assert (
        site.django(
            "from worker.models import WorkerHeartbeat\n"
            "print(WorkerHeartbeat.objects.count())"
        ).strip()
        == "0"
    )


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError:
        return False
