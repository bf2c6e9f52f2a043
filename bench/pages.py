"""Reader pages against gunicorn, with the page cache off and on, beside the
same article's HTML served as a static file: the ceiling.

    python -m bench.pages [--quick] [--sizes 1000,100000] [--database sqlite|postgres]
    python -m bench.pages --articles 1000000   # 1,000 against a million
    python -m bench.pages --cluster [--quick] [--sizes 1000]

The content API's article list and detail (`api-list`, `api-detail`) are
measured in the same runs, against the same ceiling.

For each archive size it seeds a fresh database (`seed_demo`), starts
gunicorn with the repo's config (2 workers) on loopback, and measures each
page with wrk (from Debian; installed with apt-get if missing): requests per
second, the workers' CPU time per request, p50 and p99 latency. It prints one
table per size with each page's throughput as a share of the ceiling, the p50
ratio between the largest and smallest archive, and the workers' memory after
about 1,000 requests each and at the end (over 20,000 in the full run).

With the page cache on, it also crawls (bench/crawl.py): up to 10,000
different article pages from the sitemap, then the deeper half of every
section's and tag's pages, each asked for once, so every one is a cache miss
that is rendered and stored, as a search engine walking the archive meets
the site.

--quick (CI) seeds 300 and 3,000 articles, measures 2 seconds a page and
crawls at most 500 pages of each kind.

With --cluster it starts the loopback cluster of `make cluster` (PostgreSQL
and its replica, Redis, two app servers, nginx, Varnish), seeds it, and
measures each page with the page cache on, as production runs, through one
app server alone, through nginx in front of both, and through Varnish; and
how evenly nginx spread its requests over the app servers' workers (the
share of their CPU time the busiest one used).
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import crawl, workers
from .loadtest import PROJECT, PYTHON, Client, Site, run

# "search" looks for a rare word, one article's alone; "search-common" for
# one in about 40% of the articles (issue 21's two cases); "search-tail" for
# a word of one headline, which the seeded archive repeats more often the
# larger it is (2 articles in 1,000, hundreds in 100,000).
PAGES = ["home", "section", "article", "tag", "search", "search-tail", "search-common"]
# The rare word: a name the bench writes into one article, as a name turns up
# once in an archive; no seeded word stays that rare as the archive grows.
LONE_WORD = "quillfeather"
COMMON_SHARE = 0.4
# What the crawl walks, each page once with the page cache on and cold.
CRAWLS = {
    "articles": "article pages, from the sitemap",
    "lists": "section and tag pages, deeper half",
}
# Where --cluster measures: one app server alone, nginx in front of both, and
# Varnish in front of nginx.
CLUSTER_TARGETS = {
    "app_b": "one app server",
    "nginx": "nginx, 2 app servers",
    "varnish": "Varnish",
}
STATIC_PATH = "bench/article.html"
CONNECTIONS = 8
# A gunicorn gthread worker keeps each keep-alive connection it accepted, and
# wrk opens its connections all at once: in about one run in three they all
# landed on one of the two workers and the figure halved. A new connection
# per request lets both workers share the load, for every page and the
# static file alike.
WRK_HEADERS = ("-H", "Connection: close")


def ensure_wrk():
    if shutil.which("wrk") is None:
        print("Installing wrk with apt-get ...", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    return shutil.which("wrk")


def wrk(url, seconds, *, keep_alive=False):
    """Requests a second, p50 and p99 in milliseconds, and requests done;
    over kept-alive connections if asked (through a proxy, which makes its
    own connections to the app servers)."""
    output = subprocess.run(
        [
            *(ensure_wrk(), "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s"),
            *("--timeout", "10s", "--latency"),
            *(() if keep_alive else WRK_HEADERS),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    done = int(re.search(r"(\d+) requests in", output)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors[1]} error responses")

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rate, "p50": latency("50"), "p99": latency("99"), "done": done}


def warm(port, urls):
    """Ask each page a number of times, one request at a time, before any is
    measured: about 1,000 requests for each of the two workers, over new
    connections so both get their share, and the API's pages, whose first
    answers raise a worker's memory by some 14 MB once (their serializers'
    working set; in-process, 800 more requests of the list added 1.4 MB), so
    that the memory read after the warm-up is every page's. The number of
    requests made."""
    made = 0
    # The cluster's run measures no API page, and has none to ask.
    for page in [page for page in [*PAGES, *API_PAGES] if page in urls]:
        for _ in range(500 if page in ("home", "section", "article", "tag") else 50):
            client = Client(port)
            status, _, _ = client.get(urls[page])
            client.connection.close()
            assert status == 200, f"{urls[page]} answered {status}"
            made += 1
    return made


def page_urls(manage):
    """One URL per page kind, chosen from the seeded archive."""
    script = """
import json
from django.db.models import Count
from taggit.models import Tag
from articles.models import Article, Section
news = Section.objects.get(slug="news")
articles = Article.objects.published().filter(section=news).order_by("-published_at")
article = articles[articles.count() // 2]
# A word of the archive's long tail, as most searches are.
from articles.management.demo_copy import template_words
title_words = article.title.lower().split()
tail_word = next((w for w in title_words if w not in template_words()), "vote")
lone = articles[articles.count() // 3]
if "LONE_WORD" not in lone.body:
    lone.body += "<p>LONE_WORD was there.</p>"
    lone.save()
tag = (
    Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
)
# The headlines' word found in the share of the newest 1,000 articles
# nearest COMMON_SHARE (read in Python: counting each word's matches took
# half a minute at 100,000 articles).
import re
sample = [
    set(re.findall(r"\\w+", " ".join(texts).lower()))
    for texts in Article.objects.published()
    .order_by("-pk")
    .values_list("title", "dek", "body")[:1000]
]
common_word = min(
    sorted(w for w in template_words() if w.isalpha() and len(w) > 3),
    key=lambda w: abs(sum(w in words for words in sample) / len(sample) - COMMON_SHARE),
)
print(json.dumps({
    "home": "/",
    "section": news.get_absolute_url(),
    "article": article.get_absolute_url(),
    "tag": f"/tags/{tag.slug}/",
    "search": "/search/?q=LONE_WORD",
    "search-tail": f"/search/?q={tail_word}",
    "search-common": f"/search/?q={common_word}",
}))
""".replace("COMMON_SHARE", repr(COMMON_SHARE)).replace("LONE_WORD", LONE_WORD)
    return json.loads(manage("shell", stdin=script).strip().splitlines()[-1])


def measure_crawls(site, urls, limit):
    """Each crawl's figures: the sitemap's article pages (less the one the
    other rows measure) and the deep list pages, each asked for once."""
    paths = {
        "articles": crawl.sample(
            crawl.sitemap_paths(site.port, "articles"),
            limit,
            leave_out=[urls["article"]],
        ),
        "lists": crawl.sample(crawl.deep_list_paths(site.manage), limit),
    }
    return {
        ("crawl", kind): workers.with_worker_cpu(
            site,
            crawl.crawl,
            ensure_wrk(),
            site.port,
            paths[kind],
            connections=CONNECTIONS,
            headers=WRK_HEADERS,
        )
        for kind in CRAWLS
    }


# The content API (issue 20) -------------------------------------------------

API_PAGES = ["api-list", "api-detail"]


def api_urls(manage):
    """The article list's first page and the middle article's detail."""
    script = """
import json
from articles.models import Article
articles = Article.objects.published().order_by("-published_at")
article = articles[articles.count() // 2]
print(json.dumps({"api-list": "/api/v1/articles/",
                  "api-detail": f"/api/v1/articles/{article.pk}/"}))
"""
    return json.loads(manage("shell", stdin=script).strip().splitlines()[-1])


def measure_api(site, urls, cache, seconds):
    """Each API endpoint with wrk, after a short warm-up of its own."""
    results = {}
    for page in API_PAGES:
        for _ in range(50):
            client = Client(site.port)
            status, _, _ = client.get(urls[page])
            client.connection.close()
            assert status == 200, f"{urls[page]} answered {status}"
        results[(page, cache)] = workers.with_worker_cpu(
            site, wrk, f"http://127.0.0.1:{site.port}{urls[page]}", seconds
        )
    return results


def measure_size(articles, database, seconds, workdir, crawl_limit):
    site = Site(database, workdir)
    site.env |= {
        # Workers live through the whole run, so their memory can be compared.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_THREADS": "2",
        "DJANGO_CONN_MAX_AGE": "60",
        "NEWSROOM_PAGE_CACHE_NAMESPACE": workdir.name,
        # wrk from one address would be refused within a second; the limits'
        # own cost is a write per request (tests/api/test_limits.py).
        "NEWSROOM_API_ANON_PER_MINUTE": "0",
    }
    site.create_database()
    try:
        site.manage("migrate", "--noinput", "-v0")
        print(site.manage("seed_demo", f"--articles={articles}").strip())
        site.manage("collectstatic", "--noinput", "-v0")
        urls = page_urls(site.manage)
        urls |= api_urls(site.manage)
        results = {}
        for cache in ("0", "1"):
            site.env["NEWSROOM_PAGE_CACHE"] = cache
            site.start_server()
            try:
                if cache == "0":
                    save_static_copy(site, urls["article"])
                    site.stop_server()
                    site.start_server()  # WhiteNoise finds files at start
                base = f"http://127.0.0.1:{site.port}"
                warm_up = warm(site.port, urls)
                memory = {"first": workers.worker_memory(site)}
                if cache == "1":
                    # Before the measured pages, while the workers have cached
                    # nothing but those: every crawled page is a miss.
                    results |= measure_crawls(site, urls, crawl_limit)
                for page in PAGES:
                    results[(page, cache)] = workers.with_worker_cpu(
                        site, wrk, base + urls[page], seconds
                    )
                results[("static", cache)] = workers.with_worker_cpu(
                    site, wrk, f"{base}/static/{STATIC_PATH}", seconds
                )
                results |= measure_api(site, urls, cache, seconds)
                if cache == "0":
                    # Keep rendering pages until the workers have served 20,000.
                    served = warm_up + sum(
                        results[(page, cache)]["done"] for page in [*PAGES, "static"]
                    )
                    if seconds >= 10 and served < 20000:
                        extra = wrk(base + urls["article"], (20000 - served) // 150 + 5)
                        served += extra["done"]
                    memory["last"] = workers.worker_memory(site)
                    results |= {"memory": memory, "warm_up": warm_up, "served": served}
            finally:
                site.stop_server()
        return results
    finally:
        site.drop_database()


def save_static_copy(site, article_url):
    status, _, html = Client(site.port).get(article_url)
    assert status == 200, f"{article_url} answered {status}"
    target = PROJECT / "staticfiles" / STATIC_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html)


def print_table(articles, results):
    ceiling = results[("static", "1")]["rps"]
    print(f"\n### {articles:,} articles\n")
    print("| Page | Cache | req/s | CPU ms/req | p50 ms | p99 ms | share of static |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    rows = [
        (page, "on" if cache == "1" else "off", results[(page, cache)])
        for page in [*PAGES, "static", *API_PAGES]
        for cache in ("0", "1")
    ]
    for kind, label in CRAWLS.items():
        result = results[("crawl", kind)]
        rows.append((f"crawl: {result['done']:,} {label}", "on, cold", result))
    for page, cache, result in rows:
        print(
            f"| {page} | {cache} | {result['rps']:,.0f} | {result['cpu_ms']:.2f} "
            f"| {result['p50']:.2f} | {result['p99']:.2f} "
            f"| {result['rps'] / ceiling:.0%} |"
        )
    memory = results["memory"]
    first = ", ".join(f"{rss:.0f}" for rss, _ in memory["first"])
    last = ", ".join(f"{rss:.0f} (peak {peak:.0f})" for rss, peak in memory["last"])
    print(
        f"\nWorker memory (MB RSS), cache off: {first} after "
        f"{results['warm_up']:,} requests; "
        f"{last} after {results['served']:,} requests."
    )


def measure_cluster(articles, seconds):
    from .cluster import Cluster, install_missing_tools

    install_missing_tools()
    with tempfile.TemporaryDirectory(
        prefix="bench-cluster-", ignore_cleanup_errors=True
    ) as workdir:
        cluster = Cluster(Path(workdir))
        # Workers live through the measurement, whose CPU shares read them.
        cluster.env["GUNICORN_MAX_REQUESTS"] = "0"
        try:
            cluster.start()

            def manage(*arguments, stdin=None):
                command = (PYTHON, "manage.py", *arguments)
                return run(*command, env=cluster.env, stdin=stdin).stdout

            print(manage("seed_demo", f"--articles={articles}").strip())
            urls = page_urls(manage)
            results = {}
            masters = [cluster.processes[app].pid for app in ("app_a", "app_b")]
            for target in CLUSTER_TARGETS:
                port = cluster.ports[target]
                warm(port, urls)
                for page in PAGES:
                    url = f"http://127.0.0.1:{port}{urls[page]}"
                    results[(page, target)] = workers.busiest_worker_share(
                        masters, wrk, url, seconds, keep_alive=target != "app_b"
                    )
            return results
        finally:
            cluster.stop()


def print_cluster_table(articles, results):
    print(f"\n### Cluster, {articles:,} articles, page cache on\n")
    single, *others = CLUSTER_TARGETS
    header = " | ".join(
        f"{label} req/s | p50 ms" + ("" if target == single else " | ×")
        for target, label in CLUSTER_TARGETS.items()
    )
    # How evenly nginx spreads its connections over the app servers' workers.
    workers = results[(PAGES[0], "nginx")]["workers"]
    header += f" | busiest worker's CPU via nginx (even: {1 / workers:.0%})"
    print(f"| Page | {header} |")
    print("| --- |" + " ---: |" * (2 * len(CLUSTER_TARGETS) + len(others) + 1))
    for page in PAGES:
        base = results[(page, single)]["rps"]
        cells = []
        for target in CLUSTER_TARGETS:
            result = results[(page, target)]
            cells += [f"{result['rps']:,.0f}", f"{result['p50']:.2f}"]
            if target != single:
                cells.append(f"{result['rps'] / base:.2f}")
        cells.append(f"{results[(page, 'nginx')]['busiest']:.0%}")
        print(f"| {page} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", help="Archive sizes, comma-separated.")
    parser.add_argument(
        "--articles",
        type=int,
        help="Measure 1,000 articles and this many (the same as --sizes 1000,N).",
    )
    parser.add_argument("--seconds", type=int, help="Measuring time per page.")
    parser.add_argument(
        "--crawl", type=int, help="Pages of each kind the crawl asks for, at most."
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--cluster", action="store_true", help="Measure the loopback cluster."
    )
    options = parser.parse_args()
    if options.cluster:
        seconds = options.seconds or (2 if options.quick else 10)
        default_size = "300" if options.quick else "1000"
        for articles in map(int, (options.sizes or default_size).split(",")):
            print_cluster_table(articles, measure_cluster(articles, seconds))
        return
    if options.articles and options.sizes:
        parser.error("--articles and --sizes: give one.")
    if options.articles:
        options.sizes = f"1000,{options.articles}"
    sizes = [
        int(size)
        for size in (
            options.sizes or ("300,3000" if options.quick else "1000,100000")
        ).split(",")
    ]
    seconds = options.seconds or (2 if options.quick else 10)
    crawl_limit = options.crawl or (500 if options.quick else 10000)
    ensure_wrk()
    measured = {}
    for articles in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-pages-") as workdir:
            measured[articles] = measure_size(
                articles, options.database, seconds, Path(workdir), crawl_limit
            )
        print_table(articles, measured[articles])
    small, large = measured[sizes[0]], measured[sizes[-1]]
    print(f"\n### p50 at {sizes[-1]:,} articles ÷ p50 at {sizes[0]:,}\n")
    print("| Page | cache off | cache on |")
    print("| --- | ---: | ---: |")
    for page in [*PAGES, *API_PAGES]:
        ratios = [
            large[(page, cache)]["p50"] / small[(page, cache)]["p50"]
            for cache in ("0", "1")
        ]
        print(f"| {page} | {ratios[0]:.2f} | {ratios[1]:.2f} |")
    for kind, label in CRAWLS.items():
        ratio = large[("crawl", kind)]["p50"] / small[("crawl", kind)]["p50"]
        print(f"| crawl: {label} | | {ratio:.2f} (cold) |")


if __name__ == "__main__":
    main()
