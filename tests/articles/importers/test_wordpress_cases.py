"""What real WordPress sites put in their exports, one case at a time: nothing
lost, nothing made public that was not public."""

from io import StringIO
from xml.etree import ElementTree
from xml.etree.ElementTree import ParseError

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section

from .wxr import export, item


def run_import(tmp_path, text, **options):
    path = tmp_path / "export.xml"
    path.write_text(text)
    out = StringIO()
    call_command("import_wordpress", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_read_with_either_namespace_scheme(
    tmp_path, section, scheme, version
):
    report = run_import(
        tmp_path, export(item(1, "Hello"), scheme=scheme, version=version)
    )

    assert "1 created" in report
    assert Article.objects.get().title == "Hello"


@pytest.mark.django_db
def test_password_protected_and_private_posts_become_drafts(tmp_path, section, client):
    report = run_import(
        tmp_path,
        export(
            item(1, "Members Only", "<p>Secret text.</p>", password="hunter2"),
            item(2, "Staff Notes", "<p>Private text.</p>", status="private"),
        ),
    )

    assert not Article.objects.published().exists()
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert "password-protected in WordPress: imported as a draft" in report
    assert "private in WordPress: imported as a draft" in report
    for url in ["/", "/feed/", "/sitemap-articles.xml", "/news/"]:
        page = client.get(url).content.decode()
        assert "Secret text" not in page and "Members Only" not in page


@pytest.mark.django_db
def test_posts_sharing_a_guid_are_both_kept_and_a_rerun_changes_nothing(
    tmp_path, section, client
):
    shared = "https://old.example/?p=7"
    text = export(
        item(7, "First Story", "<p>One.</p>", guid=shared, slug="story"),
        item(8, "Second Story", "<p>Two.</p>", guid=shared, slug="story"),
    )

    report = run_import(tmp_path, text)

    assert "2 created" in report
    first, second = Article.objects.order_by("pk")
    assert (first.title, second.title) == ("First Story", "Second Story")
    assert (first.slug, second.slug) == ("story", "story-2")
    # Feed entry IDs must differ: the first keeps the GUID, the second a new one.
    assert first.source_guid == shared and second.source_guid == ""
    assert "shares its GUID with an earlier post" in report
    assert client.get("/?p=8").headers["Location"] == second.get_absolute_url()

    rerun = run_import(tmp_path, text)

    assert "0 created, 0 updated, 2 unchanged" in rerun
    assert [a.version for a in Article.objects.order_by("pk")] == [
        first.version,
        second.version,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "post_name", "slug"),
    [
        ("Ελληνικά νέα 2", "", "ελληνικά-νέα-2"),
        ("Новости города", "%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8", "новости"),
        ("東京のニュース", "", "東京のニュース"),
        ("!!!", "", "post-5"),
    ],
)
def test_titles_in_any_script_keep_their_letters_in_the_slug(
    tmp_path, section, client, title, post_name, slug
):
    run_import(tmp_path, export(item(5, title, slug=post_name)))

    article = Article.objects.get()
    assert (article.title, article.slug) == (title, slug)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert title in response.content.decode()


@pytest.mark.django_db
def test_markup_in_a_title_is_taken_out_and_entities_decoded_once(
    tmp_path, section, client
):
    run_import(
        tmp_path, export(item(1, "Title <em>With</em> Markup &amp; &amp;amp; more"))
    )

    article = Article.objects.get()
    assert article.title == "Title With Markup & &amp; more"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;em&gt;" not in page


@pytest.mark.django_db
def test_one_bad_date_imports_nothing_from_the_file_and_names_the_post(
    tmp_path, section
):
    good = [item(n, f"Good {n}") for n in range(1, 4)]
    bad = item(4, "Bad Date", date="2023-13-45 99:00:00")

    path = tmp_path / "export.xml"
    path.write_text(export(*good, bad))
    out = StringIO()

    with pytest.raises(CommandError, match="1 of 1 files could not be imported"):
        call_command("import_wordpress", str(path), stdout=out)

    report = out.getvalue()

    assert not Article.objects.exists()
    assert (
        "item 4 (post 4 “Bad Date”) has a publication date that cannot be read: "
        "“2023-13-45 99:00:00”" in report
    )


@pytest.mark.django_db
def test_comments_sticky_flags_and_other_items_are_counted(tmp_path, section):
    report = run_import(
        tmp_path,
        export(
            item(1, "Story", comments=3, sticky=True),
            item(2, "About", post_type="page"),
            item(3, "photo.jpg", post_type="attachment", status="inherit"),
            item(4, "Home", post_type="nav_menu_item"),
        ),
    )

    assert (
        "Not imported (no place for them here): 1 attachment that is not a "
        "picture, 3 comments, "
        "1 nav menu item, 1 page, 1 sticky flag." in report
    )


@pytest.mark.django_db
def test_classic_paragraphs_put_nothing_between_block_elements(tmp_path, section):
    content = (
        "Intro line\nsecond line\n\n<ul>\n<li>One</li>\n<li>Two\nlines</li>\n</ul>"
        "\n\n<blockquote>Quoted\n\nagain</blockquote>\nAfter"
    )
    run_import(tmp_path, export(item(1, "Lists", content)))

    assert Article.objects.get().body == (
        "<p>Intro line<br>\nsecond line</p>\n<ul>\n<li>One</li>\n"
        "<li>Two<br>\nlines</li>\n</ul>\n<blockquote><p>Quoted</p>\n"
        "<p>again</p></blockquote>\n<p>After</p>"
    )


@pytest.mark.django_db
def test_every_old_address_answers_301_to_its_story(tmp_path, section, client):
    text = export(item(12, "Budget", slug="budget"))
    text = text.replace(
        "</item>",
        '<category domain="post_tag" nicename="money">'
        "<![CDATA[Money]]></category></item>",
    )
    run_import(tmp_path, text)
    article = Article.objects.get()

    for old in [
        "/2023/05/02/budget/",
        "/2023/05/02/budget",
        "/?p=12",
    ]:
        response = client.get(old)
        assert (response.status_code, response.headers["Location"]) == (
            301,
            article.get_absolute_url(),
        ), old
    assert client.get("/category/news/").headers["Location"] == "/news/"
    assert client.get("/category/world/news").headers["Location"] == "/news/"
    assert client.get("/tag/money/").headers["Location"] == "/tags/money/"
    assert client.get("/?p=13").status_code == 200  # the home page, as before
    assert client.get("/category/nothing/").status_code == 404


@pytest.mark.django_db
def test_an_old_tag_address_does_not_reveal_a_tag_only_drafts_carry(
    client, make_article
):
    make_article(title="Merger Talks", status=Article.Status.DRAFT).tags.add("Merger")
    make_article(title="Budget").tags.add("Money")

    assert client.get("/tag/money/").headers["Location"] == "/tags/money/"
    assert client.get("/tag/merger/").status_code == 404
    assert client.get("/tag/nothing/").status_code == 404


@pytest.mark.django_db
def test_feed_entries_keep_their_wordpress_guid(tmp_path, section, client):
    run_import(tmp_path, export(item(3, "Kept Story", guid="https://old.example/?p=3")))

    rss = client.get("/feed/").content.decode()
    atom = client.get("/feed/atom/").content.decode()

    assert '<guid isPermaLink="false">https://old.example/?p=3</guid>' in rss
    assert "<id>https://old.example/?p=3</id>" in atom


@pytest.mark.django_db
def test_shortcodes_and_embeds_become_links_and_what_is_left_is_reported(
    tmp_path, section, client
):
    content = (
        "Before.\n\n"
        '[caption id="attachment_9" align="alignnone" width="300"]'
        '<img src="https://old.example/wp-content/uploads/dam.jpg" alt="Dam"> '
        "The dam at dawn[/caption]\n\n"
        '[gallery ids="9,10"]\n\n'
        "[embed]https://vimeo.com/123[/embed]\n\n"
        "https://www.youtube.com/watch?v=abc\n\n"
        '[audio mp3="https://old.example/wp-content/uploads/talk.mp3"][/audio]\n\n'
        '[video src="https://old.example/clip.mp4"]\n\n'
        '[contact-form to="x@old.example"]Write to us[/contact-form]\n\n'
        "A [sic] note."
    )
    report = run_import(tmp_path, export(item(1, "Embeds", content)))

    body = Article.objects.get().body
    assert "[" not in body.replace("[sic]", "")
    assert "<p>The dam at dawn</p>" in body
    assert (
        '<a href="https://vimeo.com/123" rel="noopener noreferrer">https://vimeo.com/123</a>'
        in body
    )
    assert (
        '<a href="https://www.youtube.com/watch?v=abc" rel="noopener noreferrer">'
        in body
    )
    assert (
        '<a href="https://old.example/wp-content/uploads/talk.mp3" '
        'rel="noopener noreferrer">' in body
    )
    assert (
        '<a href="https://old.example/clip.mp4" rel="noopener noreferrer">'
        "Video: clip.mp4</a>" in body
    )
    assert "Write to us" in body and "A [sic] note." in body
    assert (
        "picture not imported: https://old.example/wp-content/uploads/dam.jpg" in report
    )
    assert "[gallery]: attachment 9, 10 not in the export" in report
    assert "shortcode [contact-form] has no equivalent here" in report
    page = client.get(Article.objects.get().get_absolute_url())
    assert page.status_code == 200


@pytest.mark.django_db
def test_pages_imported_into_a_section_keep_their_page_id_links(
    tmp_path, section, client
):
    Section.objects.create(name="About", slug="about")
    text = export(
        item(1, "Story"),
        item(2, "About Us", post_type="page", slug="about-us", category=""),
    )
    path = tmp_path / "export.xml"
    path.write_text(text)

    out = StringIO()
    call_command("import_wordpress", str(path), "--pages-section=about", stdout=out)

    page = Article.objects.get(title="About Us")
    assert page.section.slug == "about"
    assert "2 created" in out.getvalue()
    response = client.get("/?page_id=2")
    assert response.status_code == 301
    assert response.headers["Location"] == page.get_absolute_url()
    assert client.get("/?page_id=3").status_code == 200  # no such page: home


@pytest.mark.django_db
def test_pages_stay_out_without_a_section_for_them(tmp_path, section, client):
    report = run_import(tmp_path, export(item(2, "About Us", post_type="page")))

    assert not Article.objects.exists()
    assert "page 2 “About Us”: a page, not a post" in report
    assert client.get("/?page_id=2").status_code == 200  # the home page


@pytest.mark.django_db
def test_a_missing_pages_section_is_refused(tmp_path, section):
    path = tmp_path / "export.xml"
    path.write_text(export(item(2, "About Us", post_type="page")))

    with pytest.raises(CommandError, match="No section has the slug “nowhere”"):
        call_command("import_wordpress", str(path), "--pages-section=nowhere")


@pytest.mark.django_db
def test_a_cdata_end_marker_in_the_text_is_read_as_wordpress_reads_it(
    tmp_path, section
):
    """Other tools write `]]>` inside a CDATA section unescaped, which is not
    well-formed; WordPress's importer still reads it (its fallback parser)."""
    report = run_import(
        tmp_path,
        export(
            item(1, "Arrows", "<p>Press ]]> to go on.</p>"),
            item(2, "Ends", "<p>Fine.</p>", meta={"note": "]]>"}),
            item(3, "Escaped", "<p>A ]]]]><![CDATA[> B</p>"),
        ),
    )

    assert "3 created" in report
    bodies = dict(Article.objects.values_list("title", "body"))
    assert bodies["Arrows"] == "<p>Press ]]&gt; to go on.</p>"
    assert bodies["Escaped"] == "<p>A ]]&gt; B</p>"  # left as it was


@pytest.mark.django_db
def test_a_file_that_is_broken_otherwise_is_still_refused_whole(tmp_path, section):
    broken = export(item(1, "Broken", "<p>x ]]> y</p>"), item(2, "Kept out"))
    before, _, after = broken.rpartition("</item>")
    broken = before + "</itm>" + after

    out = StringIO()
    path = tmp_path / "export.xml"
    path.write_text(broken)

    with pytest.raises(CommandError):
        call_command("import_wordpress", str(path), stdout=out)

    # The error of the file as it is, not of the repaired reading.
    with pytest.raises(ParseError) as as_it_is:
        ElementTree.fromstring(broken)
    assert f"is not well-formed XML ({as_it_is.value})" in out.getvalue()
    assert not Article.objects.exists()
