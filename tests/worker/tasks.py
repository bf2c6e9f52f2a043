"""Tasks for the worker's tests. Each leaves its traces in files under
`folder`, which outlive a killed worker and need no database."""

import time
from datetime import timedelta
from pathlib import Path

from worker.tasks import background_task


def note(folder, name, text=""):
    with open(Path(folder) / name, "a") as file:
        file.write(f"{text}\n")


def notes(folder, name):
    path = Path(folder) / name
    return path.read_text().splitlines() if path.exists() else []


@background_task
def record(folder, text):
    note(folder, "record", text)
    return text.upper()


@background_task(max_attempts=3)
def wait_for_release(folder):
    """Starts, then waits until the test creates `release`."""
    note(folder, "started")
    deadline = time.monotonic() + 30
    while not (Path(folder) / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    note(folder, "finished")


@background_task(max_attempts=3, retry_delay=timedelta(seconds=0.3))
def fail(folder):
    """Notes the time of each attempt, then fails as a mail server that is
    down would."""
    note(folder, "attempts", repr(time.time()))
    raise ConnectionRefusedError("SMTP server down")
