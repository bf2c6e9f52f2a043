from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.importers import InvalidSource
from articles.importers.plaintext import parse_plaintext
from articles.models import Article, Section
from tests.articles.test_fixture import SOURCE, SPECTOR_URL
from tests.pages import text_blocks


def import_articles(*args, **options):
    options.setdefault("stdout", StringIO())
    return call_command("import_articles", *map(str, args), **options)


@pytest.fixture
def write_text(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    return write


@pytest.mark.django_db
def test_seed_text_imports_to_the_fixtures_page_word_for_word(client):
    call_command("loaddata", "spector", verbosity=0)
    fixture_page = client.get(SPECTOR_URL).content.decode()
    fixture_article = Article.objects.get(slug=SPECTOR_URL.split("/")[2])
    tags = [f"--tag={name}" for name in fixture_article.tags.names()]
    fixture_article.delete()

    import_articles(
        SOURCE,
        "--section=news",
        "--status=published",
        "--published-at=2023-05-02T14:00Z",
        *tags,
    )

    imported_page = client.get(SPECTOR_URL).content.decode()
    # Word for word, not byte for byte: the page's metadata rightly says the
    # imported copy was modified today.
    for part in ["article-header", "article-body", "article-tags", "article-pager"]:
        assert text_blocks(imported_page, part) == text_blocks(fixture_page, part)


def test_parser_finds_subheadings_spacers_and_the_trailer():
    article = parse_plaintext(
        "story.txt",
        "Council Votes\n\nFirst paragraph.\n\n\u00a0 \n\nWhat Comes Next\n\n"
        "Second paragraph,\nwrapped.\n\nShort line\nPrevious\n\nOlder\n\n"
        "Next\nNext\n\nNewer\n".encode(),
    )

    assert article.title == "Council Votes"
    assert article.body == (
        "<p>First paragraph.</p>\n<h2>What Comes Next</h2>\n"
        "<p>Second paragraph, wrapped.</p>\n<p>Short line Previous</p>\n"
        "<p>Older</p>"
    )
    assert (article.previous_title, article.next_title) == ("", "Newer")


@pytest.mark.parametrize(
    "line", ["A sentence.", "Is it?", "As she said: “Yes.”", "Ends with a comma,"]
)
def test_a_short_line_that_ends_a_sentence_stays_a_paragraph(line):
    article = parse_plaintext("a.txt", f"Title\n\n{line}\n\nBody text.".encode())

    assert article.body.startswith("<p>")


def test_a_short_line_with_nothing_after_it_stays_a_paragraph():
    article = parse_plaintext("a.txt", b"Title\n\nBody text.\n\nThe End")

    assert article.body.endswith("<p>The End</p>")


def test_markup_in_the_text_is_shown_as_text():
    article = parse_plaintext("a.txt", b"Title\n\nUse <script>x</script> & co.")

    assert article.body == "<p>Use &lt;script&gt;x&lt;/script&gt; &amp; co.</p>"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary"),
        ("Café\n\nBody".encode("latin-1"), "not UTF-8"),
        (b"\nBody without a title", "no title"),
        (b"x" * 300 + b"\n\nBody", "too long for a title"),
    ],
)
def test_bad_files_are_refused_with_the_reason(content, problem):
    with pytest.raises(InvalidSource, match=problem):
        parse_plaintext("bad.txt", content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"", b"\0\0binary", "Café".encode("utf-16"), b"\n\nno title"],
    ids=["empty", "binary", "not-utf8", "no-title"],
)
def test_a_bad_file_is_reported_and_writes_nothing_but_good_files_import(
    section, write_text, content
):
    good = write_text("good.txt", "Good Story\n\nIt reads well.")
    bad = write_text("bad.txt", content)
    out = StringIO()

    with pytest.raises(CommandError, match="1 of 2 files could not be imported"):
        import_articles(good, bad, "--section=news", stdout=out)

    assert list(Article.objects.values_list("title", flat=True)) == ["Good Story"]
    assert f"{bad}: " in out.getvalue()


@pytest.mark.django_db
def test_reimporting_updates_the_article_instead_of_duplicating(section, write_text):
    path = write_text("story.txt", "Flood Warning\n\nRiver rising.")
    import_articles(path, "--section=news")
    first = Article.objects.get()
    first.dek = "Added by an editor"
    first.save()

    out = StringIO()
    import_articles(path, "--section=news", stdout=out)
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()

    path.write_text("Flood Warning\n\nRiver rising fast.")
    import_articles(path, "--section=news", "--status=published", stdout=out)

    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.body == "<p>River rising fast.</p>"
    assert article.dek == "Added by an editor"
    assert article.is_published()
    assert "0 created, 1 updated, 0 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_new_articles_are_drafts_unless_told(section, write_text, client):
    import_articles(write_text("a.txt", "Quiet Story\n\nText."), "--section=news")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert client.get(f"/news/{article.slug}/").status_code == 404


@pytest.mark.django_db
def test_future_publication_time_schedules(section, write_text, client, future):
    import_articles(
        write_text("a.txt", "Later Story\n\nText."),
        "--section=news",
        "--status=published",
        f"--published-at={future.isoformat()}",
    )

    article = Article.objects.get()
    assert article.published_at == future
    assert not article.is_published()
    assert client.get("/news/later-story/").status_code == 404


@pytest.mark.django_db
def test_links_to_titles_imported_later_in_the_same_run(section, write_text):
    first = write_text("1.txt", "Part One\n\nText.\n\nNext\n\nPart Two")
    second = write_text("2.txt", "Part Two\n\nText.\n\nPrevious\n\nPart One")

    import_articles(first, second, "--section=news")

    one, two = (
        Article.objects.get(title="Part One"),
        Article.objects.get(title="Part Two"),
    )
    assert one.next_article == two
    assert two.previous_article == one


@pytest.mark.django_db
def test_a_missing_neighbour_is_reported(section, write_text):
    out = StringIO()
    path = write_text("a.txt", "Alone\n\nText.\n\nPrevious\n\nNowhere To Be Found")

    import_articles(path, "--section=news", stdout=out)

    assert Article.objects.get().previous_article is None
    assert "no article is titled “Nowhere To Be Found”" in out.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_reports_what_would_change(section, write_text):
    out = StringIO()
    path = write_text("a.txt", "Dry Story\n\nText.")

    import_articles(path, "--section=news", "--dry-run", "--tag=Weather", stdout=out)

    assert not Article.objects.exists()
    assert not Section.objects.exclude(slug="news").exists()
    assert "Dry run, nothing written" in out.getvalue()
    assert "1 created" in out.getvalue()


@pytest.mark.django_db
def test_a_directory_imports_its_text_files(section, write_text, tmp_path):
    write_text("a.txt", "First\n\nText.")
    write_text("b.txt", "Second\n\nText.")
    write_text("notes.md", "Not an article")

    import_articles(tmp_path, "--section=news")

    assert set(Article.objects.values_list("title", flat=True)) == {"First", "Second"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [["--section=nowhere"], [], ["--section=news", "--published-at=soon"]],
)
def test_bad_options_stop_before_anything_is_read(section, write_text, arguments):
    with pytest.raises(CommandError):
        import_articles(write_text("a.txt", "Story\n\nText."), *arguments)

    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_reported(section, write_text, tmp_path):
    out = StringIO()
    good = write_text("good.txt", "Good Story\n\nText.")

    with pytest.raises(CommandError):
        import_articles(tmp_path / "gone.txt", good, "--section=news", stdout=out)

    assert "gone.txt: cannot be read (No such file or directory)" in out.getvalue()
    assert Article.objects.get().title == "Good Story"


@pytest.mark.django_db
def test_verbose_runs_list_each_article(section, write_text):
    out = StringIO()

    import_articles(
        write_text("a.txt", "Listed\n\nText."),
        "--section=news",
        stdout=out,
        verbosity=2,
    )

    assert "created: " in out.getvalue()
    assert "a.txt" in out.getvalue()


@pytest.mark.django_db
def test_an_article_linked_to_a_newcomer_counts_as_updated(section, write_text):
    first = write_text("1.txt", "Part One\n\nText.\n\nNext\n\nPart Two")
    import_articles(first, "--section=news")
    second = write_text("2.txt", "Part Two\n\nText.")
    out = StringIO()

    import_articles(first, second, "--section=news", stdout=out)

    assert "1 created, 1 updated, 0 unchanged" in out.getvalue()
    assert "not set" not in out.getvalue()
    assert Article.objects.get(title="Part One").next_article.title == "Part Two"


def planner_row_count():
    """How many articles the query planner's statistics say there are."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article' LIMIT 1"
            )
            return int(cursor.fetchone()[0].split()[0])
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'articles_article'"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_an_import_leaves_the_planner_statistics_current(make_article):
    make_article(title="Already here")
    import_articles(SOURCE, "--section=news")

    assert Article.objects.count() == 2
    assert planner_row_count() == 2
