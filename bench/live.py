"""A live story under load: readers polling its fragment of new entries, as
live.js does, while an editor posts an entry every few seconds.

    python -m bench.live [--quick] [--readers 32] [--seconds 30] [--every 3]

It starts gunicorn (the repo's config, 2 workers, page cache on) on loopback
with a fresh SQLite database, Redis as the shared cache (`--redis`) and one
live story, then runs `--readers`
threads that each ask for `updates/?after=<newest they have>` with the ETag
of their last answer, one ask every `--poll` seconds (shortened from the
page's 20 s, so that the load is heavy), while a `manage.py shell` posts an
entry through LiveEntry.save() every `--every` seconds. It reports the asks
answered a second, the share answered 304, and the time from an entry's
save to the first reader who has it (p50, max); `make bench` runs it after
the reader pages.
"""

import argparse
import http.client
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import redis as redis_client

from .loadtest import PROJECT, PYTHON, Site, percentile

NEWEST = re.compile(r'data-newest="(\d+)"')
ENTRY = re.compile(r'id="update-(\d+)"')
SETUP = """
from articles.models import Article, Section
from liveblog.models import LiveEntry, LiveStory
section = Section.objects.create(name="News", slug="news")
article = Article.objects.create(title="Storm Hits the Coast", section=section,
    status="published", body="<p>The storm is expected at noon.</p>")
story = LiveStory.objects.create(article=article)
for n in range(200):
    LiveEntry.objects.create(story=story, body=f"<p>Earlier update {n}.</p>")
print(LiveEntry.objects.order_by("-pk").values_list("pk", flat=True).first())
"""
POSTER = """
import sys, time
from liveblog.models import LiveEntry, LiveStory
story = LiveStory.objects.get()
deadline = time.time() + {seconds}
while time.time() < deadline:
    entry = LiveEntry.objects.create(story=story, body="<p>Breaking: more.</p>")
    print(entry.pk, time.time(), flush=True)
    time.sleep({every})
"""


def reader(port, path, newest, poll, deadline, tally, seen, lock):
    """Ask as live.js asks until `deadline`; note when each entry arrived."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    etag = None
    while time.time() < deadline:
        headers = {"If-None-Match": etag} if etag else {}
        started = time.time()
        connection.request("GET", f"{path}?after={newest}", headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        arrived = time.time()
        with lock:
            tally[response.status] = tally.get(response.status, 0) + 1
        if response.status == 200:
            etag = response.getheader("ETag")
            newest = int(NEWEST.search(body)[1])
            with lock:
                for pk in map(int, ENTRY.findall(body)):
                    seen.setdefault(pk, arrived)
        time.sleep(max(0.0, poll - (arrived - started)))


def measure(readers, seconds, every, poll, port, redis):
    with tempfile.TemporaryDirectory(prefix="bench-live-") as workdir:
        site = Site("sqlite", Path(workdir))
        site.port = port
        site.env |= {
            "PORT": str(port),
            "NEWSROOM_PAGE_CACHE": "1",
            "REDIS_URL": redis,
            "DJANGO_CACHE_KEY_PREFIX": Path(workdir).name,
        }
        site.manage("migrate", "--noinput", "-v0")
        newest = int(site.manage("shell", "--no-imports", "-c", SETUP).split()[-1])
        site.start_server()
        try:
            path = "/news/storm-hits-the-coast/updates/"
            tally, seen, lock = {}, {}, threading.Lock()
            deadline = time.time() + seconds
            threads = [
                threading.Thread(
                    target=reader,
                    args=(port, path, newest, poll, deadline, tally, seen, lock),
                )
                for _ in range(readers)
            ]
            for thread in threads:
                thread.start()
            poster = subprocess.run(
                [PYTHON, "manage.py", "shell", "--no-imports", "-c"]
                + [POSTER.format(seconds=seconds - poll - 2, every=every)],
                cwd=PROJECT,
                env=site.env,
                capture_output=True,
                text=True,
                check=True,
            )
            for thread in threads:
                thread.join()
        finally:
            site.stop_server()
            forget_cache(redis, Path(workdir).name)
    posted = {
        int(pk): float(at)
        for pk, at in (line.split() for line in poster.stdout.splitlines())
    }
    delays = [seen[pk] - at for pk, at in posted.items() if pk in seen]
    asks = sum(tally.values())
    return {
        "asks_per_second": asks / seconds,
        "share_304": tally.get(304, 0) / asks,
        "errors": asks - tally.get(200, 0) - tally.get(304, 0),
        "posted": len(posted),
        "seen": len(delays),
        "delay_p50": statistics.median(delays) if delays else float("nan"),
        "delay_max": max(delays, default=float("nan")),
        "delay_p95": percentile(delays, 0.95),
    }


def forget_cache(url, prefix):
    """Delete what the run left in the shared cache (the page cache's
    generations never expire), and nothing else."""
    client = redis_client.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def print_table(options, result):
    print(
        f"\n### Live story: {options.readers} readers asking every "
        f"{options.poll:g} s, an entry every {options.every:g} s, "
        f"{options.seconds} s\n"
    )
    print("| Asks/s | 304 share | errors | entries seen | post → first reader |")
    print("| ---: | ---: | ---: | ---: | --- |")
    print(
        f"| {result['asks_per_second']:.0f} | {result['share_304']:.1%} "
        f"| {result['errors']} | {result['seen']}/{result['posted']} "
        f"| p50 {result['delay_p50']:.2f} s, p95 {result['delay_p95']:.2f} s, "
        f"max {result['delay_max']:.2f} s |"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--poll", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=8650)
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/0",
        help="The cache every process shares, as in production: an entry "
        "saved by one process must drop the pages the others keep.",
    )
    # `make bench` passes the reader pages' arguments too (--sizes, ...).
    options, _ = parser.parse_known_args(argv)
    options.seconds = options.seconds or (10 if options.quick else 30)
    print_table(
        options,
        measure(
            options.readers,
            options.seconds,
            options.every,
            options.poll,
            options.port,
            options.redis,
        ),
    )


if __name__ == "__main__":
    main()
