"""What the gunicorn workers of a bench's site use: CPU time and memory."""

import os
import re
import subprocess
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def worker_pids(site):
    return sorted(
        subprocess.run(
            ["pgrep", "-P", str(site.server.pid)], capture_output=True, text=True
        ).stdout.split()
    )


def worker_cpu_seconds(site):
    """CPU time (user + system) the gunicorn workers have used so far, and
    their process ids, so that a caller can tell a worker was not replaced."""
    pids = worker_pids(site)
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        # utime and stime are the 14th and 15th fields; the text after the
        # command's closing parenthesis starts at the 3rd.
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS, pids


def with_worker_cpu(site, measure, *args, **kwargs):
    """`measure(*args, **kwargs)`'s result, with the workers' CPU milliseconds
    per request it made ("cpu_ms") added."""
    before, pids = worker_cpu_seconds(site)
    result = measure(*args, **kwargs)
    after, pids_after = worker_cpu_seconds(site)
    if pids_after != pids:
        raise RuntimeError("a gunicorn worker was replaced during a measurement")
    result["cpu_ms"] = (after - before) * 1000 / max(result["done"], 1)
    return result


def worker_memory(site):
    """Resident memory (MB) of each gunicorn worker: now, and at its peak."""
    found = []
    for pid in worker_pids(site):
        status = Path(f"/proc/{pid}/status").read_text()
        fields = dict(
            re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.MULTILINE)
        )
        found.append((int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024))
    return found
