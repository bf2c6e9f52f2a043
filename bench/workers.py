"""What the gunicorn workers of a bench's site use: CPU time and memory."""

import os
import re
import subprocess
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def worker_pids(site):
    return children(site.server.pid)


def children(pid):
    """The process ids of a gunicorn master's workers."""
    return sorted(
        subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    )


def cpu_seconds(pid):
    """CPU time (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # utime and stime are the 14th and 15th fields; the text after the
    # command's closing parenthesis starts at the 3rd.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def worker_cpu_seconds(site):
    """CPU time (user + system) the gunicorn workers have used so far, and
    their process ids, so that a caller can tell a worker was not replaced."""
    pids = worker_pids(site)
    return sum(cpu_seconds(pid) for pid in pids), pids


def busiest_worker_share(masters, measure, *args, **kwargs):
    """`measure(*args, **kwargs)`'s result, with the share of the CPU time
    the workers of gunicorn `masters` used in it that the busiest one used
    ("busiest"): 1 / workers when the load is spread evenly."""
    pids = [pid for master in masters for pid in children(master)]
    before = {pid: cpu_seconds(pid) for pid in pids}
    result = measure(*args, **kwargs)
    used = [cpu_seconds(pid) - before[pid] for pid in pids]
    result["busiest"] = max(used) / max(sum(used), 1e-9)
    result["workers"] = len(pids)
    return result


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
