"""Every kind of page a reader can reach, with content in place, for the tests
that check them all: HTML validity (tests/test_html_validity.py) and
accessibility in a browser (tests/browser/test_accessibility.py)."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from articles.models import Article, Correction, PreviewLink, Section
from embeds.models import Embed
from liveblog.models import LiveEntry, LiveStory
from publication.models import Publication

from . import imagefiles


def give_a_profile(author, make_image):
    """What an author page can show: a role, a biography, an email address,
    a photo and a link."""
    author.role = "Courts correspondent"
    author.bio = "Ada covers the courts and the river towns."
    author.email = "ada@newsroom.example"
    author.photo = make_image(alt_text="Ada Reporter")
    author.save()
    author.links.create(label="Mastodon", url="https://mastodon.example/@ada")


def build_public_pages(spector, make_image, author):
    """Fill the site and return {page name: (URL, expected status)}.

    The demo's SpecTor article (no lead image, subheads, tags, previous/next)
    stands beside a story with everything else an article can show: a lead
    photo with caption and credit, a dek, a byline, a correction, an update
    time, a figure, a quotation, a pull quote and a list; a second section holds one
    article more than a list page, so lists show their pagination. The
    author has a photo, a role and links; the publication a logo, a tagline
    and its footer pages.
    """
    Publication.objects.create(
        name="Newsroom",
        tagline="News from the river towns",
        logo=make_image(imagefiles.photo(size=(600, 120)), alt_text="Newsroom"),
        about_url="/about/",
        contact_url="mailto:desk@newsroom.example",
        corrections_url="https://newsroom.example/corrections",
    )
    give_a_profile(author, make_image)
    photo = make_image(
        alt_text="Sandbags stacked along the river wall at dusk",
        caption="The new river wall held overnight.",
        credit="Ada Reporter / Newsroom",
    )
    body = (
        "<p>The river peaked at 4.2 metres shortly after midnight.</p>"
        "<h2>What the council decided</h2>"
        "<blockquote><p>We built it for this night.</p></blockquote>"
        "<p>The council met at dawn.</p>"
        '<blockquote class="pull-quote"><p>Not one house flooded.</p></blockquote>'
        "<ul><li>Roads reopen at noon.</li><li>Schools stay closed.</li></ul>"
        f'<figure><img src="/x.jpg" alt="" data-file="{photo.pk}">'
        "<figcaption>The wall from the bridge.</figcaption></figure>"
    )
    published = {"status": Article.Status.PUBLISHED, "published_at": timezone.now()}
    featured = Article.objects.create(
        title="Flood Defences Hold as River Peaks",
        slug="flood-defences-hold",
        section=spector.section,
        **published,
        dek="The wall finished last spring kept the old town dry.",
        body=body,
        lead_image=photo,
    )
    featured.authors.add(author)
    featured.tags.add("Fentanyl", "Flooding")
    Correction.objects.create(
        article=featured, text="An earlier version gave the wrong river."
    )
    Article.objects.filter(pk=featured.pk).update(
        significantly_updated_at=featured.published_at
    )
    draft = Article.objects.create(
        title="Budget Leak Under Embargo",
        slug="budget-leak",
        section=spector.section,
        status=Article.Status.DRAFT,
    )
    preview = PreviewLink.objects.create(article=draft, shared_with="Our lawyer")
    # One page more than a list holds, so lists show their pagination.
    sport = Section.objects.create(name="Sport", slug="sport", position=1)
    for day in range(21):
        Article.objects.create(
            title=f"Match Report {day + 1}",
            slug=f"match-report-{day + 1}",
            section=sport,
            status=Article.Status.PUBLISHED,
            published_at=datetime(2023, 4, 1, 12, tzinfo=UTC) + timedelta(days=day),
        )
    live = build_live_story(spector.section, author, photo)
    formats = build_story_formats(spector.section, make_image)
    return {
        **live,
        "story-formats": (formats.get_absolute_url(), 200),
        "home": ("/", 200),
        "section": (spector.section.get_absolute_url(), 200),
        "section-page-2": ("/sport/?page=2", 200),
        "article": (spector.get_absolute_url(), 200),
        "article-with-lead-image": (featured.get_absolute_url(), 200),
        "tag": ("/tags/fentanyl/", 200),
        "author": (author.get_absolute_url(), 200),
        "search-form": ("/search/", 200),
        "search-results": ("/search/?q=fentanyl", 200),
        "search-no-results": ("/search/?q=zeppelin", 200),
        "search-error": ("/search/?q=" + "x" * 300, 400),
        "archive": ("/archive/2023/05/", 200),
        "section-archive": ("/news/archive/2023/05/", 200),
        "not-found": ("/no-such-page/", 404),
        "shared-preview": (preview.get_absolute_url(), 200),
    }


def build_live_story(section, author, photo):
    """A live story with a pinned entry, key events, a figure and a page of
    older updates, and one whose coverage has ended: {name: (URL, status)}."""
    now = timezone.now()
    pages = {}
    for name, ended_at in (("live-story", None), ("live-story-ended", now)):
        article = Article.objects.create(
            title=f"Storm Hits the Coast ({name})",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=6),
            dek="Follow the storm as it comes ashore.",
            body="<p>The storm is expected at noon.</p>",
        )
        story = LiveStory.objects.create(
            article=article,
            coverage_started_at=now - timedelta(hours=6),
            coverage_ended_at=ended_at,
        )
        for n in range(25):
            entry = LiveEntry.objects.create(
                story=story,
                posted_at=now - timedelta(minutes=10 * (25 - n)),
                title="Sea wall breached" if n % 10 == 4 else "",
                is_key_event=n % 10 == 4,
                is_pinned=n == 20,
                body=f"<p>Update {n}: the wind is rising along the front.</p>"
                + (
                    f'<figure><img src="/x.jpg" alt="" data-file="{photo.pk}">'
                    "<figcaption>The front at noon.</figcaption></figure>"
                    if n == 24
                    else ""
                ),
            )
            entry.authors.add(author)
        pages[name] = (article.get_absolute_url(), 200)
    oldest = story.entries.order_by("posted_at")
    pages["live-story-older"] = (
        f"{article.get_absolute_url()}?before={oldest[3].pk}",
        200,
    )
    pages["live-entry"] = (oldest[4].get_absolute_url(), 200)
    return pages


def build_story_formats(section, make_image):
    """A feature with every story format: a fact box, a pull quote, a gallery
    and embeds (a video's facade, a post quoted, a chart's link card while
    its provider is unreachable, and a document not fetched yet)."""
    photos = [
        make_image(alt_text=f"Boats in the harbour, {n}", credit="Ada Reporter")
        for n in ("morning", "noon", "dusk")
    ]
    gallery = "".join(
        f'<li><figure><img alt="" data-file="{photo.pk}">'
        f"<figcaption>The harbour at {when}.</figcaption></figure></li>"
        for photo, when in zip(photos, ("dawn", "noon", "dusk"), strict=True)
    )
    video = "https://www.youtube.com/watch?v=flood-01"
    post = "https://x.com/harbourmaster/status/1234567890"
    chart = "https://datawrapper.dwcdn.net/aB3xY/1/"
    document = "https://www.documentcloud.org/documents/2461-harbour-report"
    Embed.objects.create(
        url=video,
        provider="YouTube",
        state=Embed.State.READY,
        title="Flood defences hold at the harbour",
        author_name="Harbour TV",
        frame_url="https://www.youtube-nocookie.com/embed/flood-01",
        frame_width=640,
        frame_height=360,
        thumbnail=make_image(alt_text="Preview of the video", credit="YouTube"),
    )
    Embed.objects.create(
        url=post,
        provider="X",
        state=Embed.State.READY,
        author_name="The Harbourmaster",
        quotation="<p>Gates shut at 6pm.</p>",
    )
    Embed.objects.create(
        url=chart, provider="Datawrapper", state=Embed.State.UNREACHABLE
    )
    return Article.objects.create(
        title="A Day in the Harbour",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        dek="The fleet came home before the storm.",
        body=(
            "<p>The fleet came home before the storm.</p>"
            '<aside class="fact-box"><h2>The harbour in numbers</h2>'
            "<ul><li>42 boats</li><li>Built in 1821</li></ul></aside>"
            f'<ul class="gallery">{gallery}</ul>'
            '<blockquote class="pull-quote"><p>We never lost a boat.</p></blockquote>'
            f'<p><a href="{video}">{video}</a></p>'
            f"<p>{post}</p><p>{chart}</p><p>{document}</p>"
        ),
    )
