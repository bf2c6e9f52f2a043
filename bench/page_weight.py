"""What a reader downloads for the SpecTor article, and for a feature with
every story format (a fact box, a pull quote, a gallery and embeds), before
any image: its HTML, stylesheets and scripts, compressed, against the 50 KB
budget.

    python -m bench.page_weight

Runs the production static setup (collectstatic into a temporary folder,
WhiteNoise's compressed manifest storage) on a fresh temporary SQLite database
with the demo fixture, and fetches the page and its assets through the whole
middleware stack. Static files are measured as WhiteNoise serves them (gzip,
with their cache header); the HTML, which the web server in front compresses,
is measured gzipped at level 6, the usual default. Exits non-zero if the page
is over budget or a stylesheet or script lacks a content hash or far-future
caching.
"""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

BUDGET_BYTES = 50 * 1024
ARTICLE = (
    "/news/record-seizures-arrests-after-operation-targets-internet-opioid-trafficking/"
)
# A stylesheet or a script the page loads: its URL in one group or the other.
ASSET = re.compile(
    r'<link rel="stylesheet" href="([^"]+)"|<script[^>]* src="([^"]+)"', re.I
)
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
YEAR_SECONDS = 365 * 24 * 60 * 60


def kilobytes(size):
    return f"{size / 1024:6.1f} KB"


def add_story_formats():
    """The tests' feature with every story format, its embeds as the worker
    leaves them, with full-size photos; returns its address."""
    from articles.models import Section
    from images.models import Image
    from tests import imagefiles
    from tests.public_pages import build_story_formats

    def make_image(**fields):
        photo = imagefiles.upload(imagefiles.photo(size=(1600, 1067)))
        return Image.objects.create(file=photo, **fields)

    return build_story_formats(Section.objects.first(), make_image).get_absolute_url()


def measure(client, address):
    """Rows of (what, bytes on the wire, note) and a list of problems."""
    from django.conf import settings

    response = client.get(address)
    if response.status_code != 200:
        return [], [f"{address} answered {response.status_code}"]
    html = response.content
    rows = [("HTML", len(gzip.compress(html, 6)), f"{len(html)} bytes raw")]
    problems = []
    for stylesheet, script in ASSET.findall(html.decode()):
        url = stylesheet or script
        asset = client.get(url, headers={"accept-encoding": "gzip"})
        body = b"".join(asset.streaming_content)
        asset.close()
        cache = asset.headers.get("Cache-Control", "")
        max_age = re.search(r"max-age=(\d+)", cache)
        rows.append((url.removeprefix(settings.STATIC_URL), len(body), cache))
        if not HASHED_NAME.search(url):
            problems.append(f"{url} has no content hash in its name")
        if not max_age or int(max_age[1]) < YEAR_SECONDS:
            problems.append(f"{url} is not cached for a year: {cache!r}")
        if asset.headers.get("Content-Encoding") != "gzip":
            problems.append(f"{url} is not served compressed")
    return rows, problems


def main():
    with tempfile.TemporaryDirectory(prefix="bench-page-weight-") as temporary:
        folder = Path(temporary)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="bench-page-weight-" + "0123456789abcdef" * 3,
            DJANGO_SECURE_SSL_REDIRECT="0",
            DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
            DJANGO_REQUEST_LOG_LEVEL="WARNING",
        )
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client, override_settings

        with override_settings(
            STATIC_ROOT=folder / "static",
            MEDIA_ROOT=folder / "media",
            ORIGINALS_ROOT=folder / "originals",
        ):
            call_command("migrate", verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
            call_command("loaddata", "spector", verbosity=0)
            pages = {"SpecTor article": ARTICLE, "Story formats": add_story_formats()}
            client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
            measured = {name: measure(client, url) for name, url in pages.items()}

    problems = []
    for name, (rows, page_problems) in measured.items():
        total = sum(size for _, size, _ in rows)
        print(f"{name}, compressed, before images:")
        for what, size, note in rows:
            print(f"  {kilobytes(size)}  {what}  ({note})")
        verdict = "within" if total <= BUDGET_BYTES else "OVER"
        budget = f"{BUDGET_BYTES // 1024} KB budget"
        print(f"  {kilobytes(total)}  total, {verdict} the {budget}")
        problems += page_problems
        if total > BUDGET_BYTES:
            problems.append(f"{name} over budget")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
