"""Every kind of page a reader can reach, with content in place, for the tests
that check them all: HTML validity (tests/test_html_validity.py) and
accessibility in a browser (tests/browser/test_accessibility.py)."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from articles.models import Article, Correction, PreviewLink, Section
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
    time, a figure, a quotation and a list; a second section holds one
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
    return {
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
