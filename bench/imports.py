"""How long importing an archive takes, and how much memory it needs.

    python -m bench.imports [--articles 10000] [--quick] [--only FORMAT]

Generates the articles as plain-text files and as one WordPress export in a
temporary directory, migrates a fresh temporary SQLite database, and runs each
import command in a child process, timing it and reading its peak resident
memory from the operating system. A second WordPress run shows the cost of a
re-import that changes nothing. Last, a new import into another empty database
of a WordPress export whose every post shows a picture, read from a local copy
of wp-content/uploads (--media-dir): each goes through the image library's
rules and gets its renditions.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

PROJECT = Path(__file__).resolve().parent.parent
ROW = "{:<16} {:>8} {:>8} {:>7} {:>9} {:>9}"
WORDS = (
    "council budget river school transit housing court police market water "
    "election hospital library festival bridge storm harbour mayor"
).split()


def title(number: int) -> str:
    return f"Report {number}: {WORDS[number % len(WORDS)].title()} Update"


def paragraphs(number: int) -> list[str]:
    sentence = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(12))
    return [f"{sentence.capitalize()}, said officials on day {number}."] * 6


def write_text_files(directory: Path, count: int) -> None:
    directory.mkdir()
    for number in range(count):
        body = paragraphs(number)
        blocks = [title(number), *body[:3], "What Happens Next", *body[3:]]
        if number:
            blocks += ["Previous\nPrevious", title(number - 1)]
        (directory / f"{number:06}.txt").write_text("\n\n".join(blocks) + "\n")


def write_media_folder(folder: Path, count: int) -> None:
    """One photo per post under the uploads' year/month folders: the same
    640×427 JPEG under each name, as each is decoded and re-encoded anyway."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    photo = Image.new("RGB", (640, 427), (40, 90, 140))
    draw = ImageDraw.Draw(photo)
    for step in range(0, 640, 16):
        draw.line([(step, 0), (640 - step, 427)], fill=(step % 255, 200, 80), width=3)
    buffer = BytesIO()
    photo.save(buffer, "JPEG", quality=85)
    (folder / "2020" / "01").mkdir(parents=True)
    for number in range(count):
        (folder / picture_path(number)).write_bytes(buffer.getvalue())


def picture_path(number: int) -> str:
    return f"2020/01/photo-{number:06}.jpg"


def write_wordpress_export(path: Path, count: int, *, pictures=False) -> None:
    with path.open("w") as export:
        export.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:author><wp:author_login>bench</wp:author_login>"
            "<wp:author_display_name>Bench Writer</wp:author_display_name>"
            "</wp:author>\n"
        )
        for number in range(count):
            html = "".join(f"<p>{escape(text)}</p>\n" for text in paragraphs(number))
            if pictures:
                html += (
                    '<img src="https://old.example/wp-content/uploads/'
                    f'{picture_path(number)}" alt="Photo {number}">\n'
                )
            section = WORDS[number % 5]
            export.write(
                f"<item><title>{escape(title(number))}</title>"
                f"<link>https://old.example/{number}/</link>"
                f"<dc:creator>bench</dc:creator>"
                f'<guid isPermaLink="false">https://old.example/?p={number}</guid>'
                f"<content:encoded><![CDATA[{html}<script>x()</script>]]>"
                f"</content:encoded><excerpt:encoded><![CDATA[Summary {number}]]>"
                f"</excerpt:encoded><wp:post_id>{number}</wp:post_id>"
                f"<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{number}</wp:post_name>"
                f"<wp:status>{'draft' if number % 10 == 0 else 'publish'}</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="{section}">'
                f"{section.title()}</category>"
                f'<category domain="post_tag" nicename="t{number % 50}">'
                f"Topic {number % 50}</category></item>\n"
            )
        export.write("</channel>\n</rss>\n")


def manage(*args: str, env: dict, log: Path) -> tuple[float, float, float]:
    """Run manage.py; return its wall time and CPU time in seconds (on a
    shared machine, the wall time includes waiting for a core) and its peak
    memory in MiB."""
    started = time.perf_counter()
    with log.open("w") as output:
        child = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{log.read_text()}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--quick", action="store_true", help="500 articles, for CI (a smoke run)."
    )
    parser.add_argument(
        "--only",
        choices=["text", "wordpress", "pictures"],
        help="Time one format's imports alone, into an empty archive.",
    )
    arguments = parser.parse_args()
    count = 500 if arguments.quick else arguments.articles

    with tempfile.TemporaryDirectory(prefix="bench-imports-") as temporary:
        directory = Path(temporary)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
            "DJANGO_SECRET_KEY": "bench-imports-" + "0123456789abcdef" * 3,
            "DJANGO_DEBUG": "",  # DEBUG would keep a log of every query
        }
        log = directory / "output.log"
        print(f"Generating {count} articles in each format...", flush=True)
        write_text_files(directory / "text", count)
        write_wordpress_export(directory / "export.xml", count)
        if arguments.only in (None, "pictures"):
            write_media_folder(directory / "uploads", count)
            write_wordpress_export(directory / "pictures.xml", count, pictures=True)
        (directory / "news.json").write_text(
            json.dumps(
                [
                    {
                        "model": "articles.section",
                        "fields": {"name": "News", "slug": "news"},
                    }
                ]
            )
        )
        pictures_env = {
            **env,
            "DATABASE_URL": f"sqlite:///{directory / 'pictures.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(directory / "media"),
        }
        for database in (env, pictures_env):
            manage("migrate", "--noinput", env=database, log=log)
            manage("loaddata", str(directory / "news.json"), env=database, log=log)

        runs = [
            (
                "plain text",
                [
                    "import_articles",
                    str(directory / "text"),
                    "--section=news",
                    "--status=published",
                ],
            ),
            ("WordPress", ["import_wordpress", str(directory / "export.xml")]),
            ("WordPress again", ["import_wordpress", str(directory / "export.xml")]),
            (
                "with pictures",
                [
                    "import_wordpress",
                    str(directory / "pictures.xml"),
                    f"--media-dir={directory / 'uploads'}",
                ],
            ),
        ]
        if arguments.only:
            label = {
                "text": "plain text",
                "wordpress": "WordPress",
                "pictures": "with pictures",
            }[arguments.only]
            runs = [run for run in runs if run[0].startswith(label)]
        print(ROW.format("import", "articles", "seconds", "per s", "CPU s", "peak MiB"))
        for name, args in runs:
            database = pictures_env if name == "with pictures" else env
            seconds, cpu, peak = manage(*args, env=database, log=log)
            summary = [
                line
                for line in log.read_text().splitlines()[:2]
                if "imported:" in line or line.startswith("Pictures:")
            ]
            rate = f"{count / seconds:.0f}"
            print(
                ROW.format(
                    name, count, f"{seconds:.1f}", rate, f"{cpu:.1f}", f"{peak:.0f}"
                )
            )
            for line in summary:
                print(f"  {line}")


if __name__ == "__main__":
    main()
