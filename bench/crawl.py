"""The crawl case of `make bench`: many different reader pages, each asked for
once, with the page cache on but cold for every one of them, as a search
engine or an archive reader walking old stories meets the site.

The article pages come from the site's own sitemap; the list pages are the
deeper half of every section's and tag's pagination. wrk requests each path
once (bench/crawl.lua).
"""

import json
import random
import re
import signal
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

from .loadtest import Client

LUA_SCRIPT = Path(__file__).with_name("crawl.lua")
# The order pages are asked in: the same in every run, and not the archive's
# own order, which would favour whatever the database read just before.
SHUFFLE_SEED = 21


def crawl(wrk, port, paths, *, connections, headers):
    """Ask for each of `paths` once with wrk: requests a second, p50 and p99
    in milliseconds, and requests done."""
    if not paths:
        raise RuntimeError("nothing to crawl")
    # At ten pages a second the site would be far too slow to measure.
    longest = max(60, len(paths) // 10)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        command = [
            *(wrk, "-t1", f"-c{min(connections, len(paths))}", f"-d{longest}s"),
            *("--timeout", "10s", *headers, "-s", str(LUA_SCRIPT)),
            *(f"http://127.0.0.1:{port}", "--", listing.name),
        ]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as wrk_run:
            output = []
            for line in wrk_run.stdout:
                output.append(line)
                if line.strip() == "crawled":
                    # Stop wrk waiting out -d; it then reports at once.
                    wrk_run.send_signal(signal.SIGINT)
            wrk_run.wait()
    report = next(
        (json.loads(line) for line in output if line.startswith('{"paths"')), None
    )
    if report is None or "crawled\n" not in output:
        raise RuntimeError("the crawl did not finish:\n" + "".join(output))
    if report["issued"] != report["paths"] or report["answered"] != report["paths"]:
        raise RuntimeError(f"each path must be asked for once: {report}")
    if report["not_ok"] or report["errors"]:
        raise RuntimeError(f"the crawl met errors: {report}")
    return {
        "rps": report["answered"] / (report["duration_us"] / 1e6),
        "p50": report["p50_us"] / 1000,
        "p99": report["p99_us"] / 1000,
        "done": report["answered"],
    }


def sitemap_paths(port, kind):
    """The paths the sitemap index lists in its sitemaps of `kind` (such as
    "articles"), through every page of them."""
    _, _, index = Client(port).get("/sitemap.xml")
    paths = []
    for sitemap in re.findall(r"<loc>([^<]+)</loc>", index):
        address = urllib.parse.urlsplit(sitemap)
        if not address.path.endswith(f"-{kind}.xml"):
            continue
        query = f"?{address.query}" if address.query else ""
        status, _, listing = Client(port).get(address.path + query)
        assert status == 200, f"{sitemap} answered {status}"
        paths += [
            urllib.parse.urlsplit(location).path
            for location in re.findall(r"<loc>([^<]+)</loc>", listing)
        ]
    return paths


DEEP_PAGES_SCRIPT = """
import json, math
from django.db.models import Count
from django.utils import timezone
from articles.models import Article, TaggedArticle
from articles.reader.pagination import MAX_PAGES
from articles.reader.views import PublishedArticleListView

per_page = PublishedArticleListView.paginate_by

def deep(prefix, count):
    pages = min(MAX_PAGES, math.ceil(count / per_page))
    first = max(2, pages // 2 + 1)
    return [f"{prefix}?page={page}" for page in range(first, pages + 1)]

paths = []
sections = (
    Article.objects.published().values("section__slug").annotate(n=Count("pk"))
)
for row in sections.order_by("section__slug"):
    paths += deep(f"/{row['section__slug']}/", row["n"])
tags = (
    TaggedArticle.objects.filter(published_at__lte=timezone.now())
    .values("tag__slug").annotate(n=Count("pk"))
)
for row in tags.order_by("tag__slug"):
    paths += deep(f"/tags/{row['tag__slug']}/", row["n"])
print(json.dumps(paths))
"""


def deep_list_paths(manage):
    """The deeper half of every section's and tag's pages (page 2 at least)."""
    output = manage("shell", stdin=DEEP_PAGES_SCRIPT).strip().splitlines()[-1]
    # Tag slugs may be in any script; a request line wants them quoted.
    return [urllib.parse.quote(path, safe="/?=") for path in json.loads(output)]


def sample(paths, limit, *, leave_out=()):
    """Up to `limit` of `paths`, in a fixed shuffled order."""
    paths = sorted(set(paths) - set(leave_out))
    random.Random(SHUFFLE_SEED).shuffle(paths)
    return paths[:limit]
