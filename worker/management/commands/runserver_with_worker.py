import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

# How long a worker stopped in the middle of a task may take to finish it
# before it is killed (the task then runs again: worker/recovery.py). A second
# Ctrl-C stops it at once.
STOP_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Run the development server and a background worker together, as "
        "`make run` does. Ctrl-C, or either one ending, stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *, addrport, **options):
        children, stopping = [], []

        def stop(signum, frame):
            stopping.append(signum)
            for child in children:
                signal_group(child, signum)

        # Caught before the children start, so that they start with Ctrl-C's
        # default action even when this runs in the background, where a shell
        # would have them ignore it.
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        for command in (["db_worker", "--queue-name=*"], ["runserver", addrport]):
            # Each in a process group of its own, so that a signal reaches the
            # autoreloader's child as well as its parent.
            children.append(
                subprocess.Popen([*manage, *command], start_new_session=True)
            )
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            if not stopping:  # one ended by itself: stop the other
                for child in children:
                    signal_group(child, signal.SIGTERM)
            deadline = time.monotonic() + STOP_SECONDS
            for child in children:
                try:
                    child.wait(timeout=max(deadline - time.monotonic(), 0))
                except subprocess.TimeoutExpired:
                    signal_group(child, signal.SIGKILL)
                    child.wait()
        ended = [child.returncode for child in children if child.returncode]
        if ended and not stopping:
            sys.exit(ended[0])


def signal_group(child, signum):
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass  # already gone, with its children
