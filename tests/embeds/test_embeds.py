"""Embeds end to end against a real oEmbed provider on loopback: an address on
a line of its own is fetched by the worker once, after the save, never on a
reader's request; readers get a link until then, a facade that loads nothing
from the provider until they ask, a quotation for a provider that answers
with a script, and a link card while the provider cannot be reached."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.importers.autop import autop
from articles.importers.shortcodes import Pictures, expand
from articles.models import Article
from embeds.models import Embed
from embeds.providers import provider_for
from images.models import Image
from liveblog.models import LiveEntry, LiveStory

from .provider import OEmbedProvider

VIDEO = "https://www.youtube.com/watch?v=flood-01"
POST = "https://x.com/harbourmaster/status/1234567890"
CHART = "https://datawrapper.dwcdn.net/aB3xY/1/"
FRAME = "https://www.youtube-nocookie.com/embed/flood-01"


@pytest.fixture
def provider(settings):
    provider = OEmbedProvider(8910)
    # Loopback is refused unless a setting allows it, as for webhooks.
    settings.NEWSROOM_OEMBED_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.NEWSROOM_OEMBED_TIMEOUT = 2
    settings.NEWSROOM_OEMBED_ENDPOINTS = dict.fromkeys(
        ("YouTube", "X", "Datawrapper"), f"{provider.url}/oembed"
    )
    provider.answers[VIDEO] = {
        "type": "video",
        "title": "Flood defences hold at the harbour",
        "author_name": "Harbour TV",
        "provider_name": "YouTube",
        "width": 640,
        "height": 360,
        "thumbnail_url": f"{provider.url}/thumbnail.jpg",
        "html": f'<iframe width="640" height="360" src="{FRAME}?feature=oembed" '
        'allowfullscreen></iframe><script src="https://evil.example/x.js"></script>',
    }
    provider.answers[POST] = {
        "type": "rich",
        "author_name": "The Harbourmaster",
        "html": '<blockquote class="twitter-tweet"><p>Gates shut at 6pm.'
        ' <a href="https://t.co/abc">pic</a></p></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script>',
    }
    yield provider
    provider.stop()


def story(make_article, *lines):
    body = "<p>The storm came ashore at noon.</p>" + "".join(lines)
    return make_article(title="Storm Hits the Coast", body=body)


def test_an_address_on_its_own_line_is_fetched_by_the_worker_not_the_reader(
    client, make_article, provider, run_tasks
):
    article = story(make_article, f'<p><a href="{VIDEO}">{VIDEO}</a></p>')
    assert provider.requests == []  # not in the editor's request
    page = client.get(article.get_absolute_url())
    assert provider.requests == []  # nor in a reader's
    # Until then, readers get the link as it was written.
    assert f'<a href="{VIDEO.replace("&", "&amp;")}" rel="noopener noreferrer">' in (
        page.content.decode()
    )
    assert "frame-src" not in page["Content-Security-Policy"]

    run_tasks()
    assert provider.oembed_requests() == [VIDEO]
    embed = Embed.objects.get()
    assert (embed.state, embed.title, embed.author_name) == (
        Embed.State.READY,
        "Flood defences hold at the harbour",
        "Harbour TV",
    )
    assert embed.frame_url == f"{FRAME}?feature=oembed"
    # The thumbnail is the library's own copy, credited to the provider.
    assert Image.objects.get() == embed.thumbnail
    assert embed.thumbnail.credit == "YouTube"

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Load content from YouTube" in html
    assert "Flood defences hold at the harbour" in html
    assert "<iframe" not in html and "<script" not in html.split("</header>")[1]
    assert provider.url not in html  # the picture is served by the site
    # Fetched once: more readers and saves ask the provider nothing.
    article.save()
    run_tasks()
    client.get(article.get_absolute_url())
    assert provider.oembed_requests() == [VIDEO]


def test_only_a_page_with_a_frame_may_frame_its_provider(
    client, make_article, provider, run_tasks
):
    with_video = story(make_article, f"<p>{VIDEO}</p>")
    plain = make_article(title="Calm Returns", body="<p>No video here.</p>")
    run_tasks()
    policy = client.get(with_video.get_absolute_url())["Content-Security-Policy"]
    frames = re.search(r"frame-src ([^;]+)", policy)[1].split()
    assert frames == [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
    ]
    assert (
        "frame-src"
        not in client.get(plain.get_absolute_url())["Content-Security-Policy"]
    )


def test_a_post_whose_embed_is_a_script_is_quoted_with_no_script(
    client, make_article, provider, run_tasks
):
    article = story(make_article, f"<p>{POST}</p>")
    run_tasks()
    page = client.get(article.get_absolute_url())
    html = page.content.decode()
    assert (
        '<blockquote cite="https://x.com/harbourmaster/status/1234567890">'
        '<p>Gates shut at 6pm. <a href="https://t.co/abc" '
        'rel="noopener noreferrer nofollow">pic</a></p></blockquote>'
    ) in html
    assert "The Harbourmaster on" in html
    assert "platform.twitter.com" not in html
    assert "frame-src" not in page["Content-Security-Policy"]


def test_a_frame_from_anywhere_but_the_provider_is_not_kept(
    client, make_article, provider, run_tasks
):
    provider.answers[VIDEO]["html"] = '<iframe src="https://evil.example/v"></iframe>'
    article = story(make_article, f"<p>{VIDEO}</p>")
    run_tasks()
    assert Embed.objects.get().frame_url == ""
    html = client.get(article.get_absolute_url()).content.decode()
    assert "evil.example" not in html
    assert "Load content from" not in html


def test_an_unreachable_provider_gives_a_link_card_and_is_tried_again(
    client, make_article, provider, run_tasks
):
    provider.answers[CHART] = 503
    article = story(make_article, f"<p>{CHART}</p>")
    run_tasks()
    embed = Embed.objects.get()
    assert embed.state == Embed.State.UNREACHABLE
    assert "HTTP 503" in embed.last_error
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<p class="embed embed-card"><a href="{CHART}" rel="noopener noreferrer">'
    ) in html
    assert "on Datawrapper" in html

    # The worker tries again later, and then the chart is there.
    provider.answers[CHART] = {
        "type": "rich",
        "title": "Rainfall by hour",
        "html": '<iframe src="https://datawrapper.dwcdn.net/aB3xY/1/"></iframe>',
    }
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    embed.refresh_from_db()
    assert (embed.state, embed.attempts) == (Embed.State.READY, 2)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Load content from Datawrapper" in html


def test_loopback_stays_refused_without_the_setting(
    client, make_article, provider, run_tasks, settings
):
    settings.NEWSROOM_OEMBED_ALLOWED_NETWORKS = []
    story(make_article, f"<p>{VIDEO}</p>")
    run_tasks()
    embed = Embed.objects.get()
    assert embed.state == Embed.State.UNREACHABLE
    assert "loopback" in embed.last_error
    assert provider.requests == []


@pytest.mark.parametrize(
    "line",
    [
        "<p>Watch https://www.youtube.com/watch?v=x in full.</p>",  # in a sentence
        '<p><a href="https://www.youtube.com/watch?v=x">the video</a></p>',
        "<p>https://video.example/watch?v=x</p>",  # no provider we know
    ],
)
def test_anything_else_stays_a_link(client, make_article, provider, run_tasks, line):
    article = story(make_article, line)
    run_tasks()
    assert Embed.objects.count() == 0
    assert provider.requests == []
    # Shown as stored: the body, sanitised, and nothing in its place.
    assert article.body in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://youtu.be/flood-01", "YouTube"),
        ("https://www.datawrapper.de/_/aB3xY/", "Datawrapper"),
        (
            "https://www.documentcloud.org/documents/2461-harbour-report",
            "DocumentCloud",
        ),
        ("https://vimeo.com/76979871", "Vimeo"),
        ("https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "Spotify"),
        ("https://bsky.app/profile/harbour.example/post/3k2", "Bluesky"),
        ("https://www.google.com/maps/embed?pb=!1m18", "Google Maps"),
    ],
)
def test_the_providers_newsrooms_use_are_known(url, name):
    assert provider_for(url).name == name


def test_a_mastodon_post_is_asked_of_and_framed_from_its_own_server():
    mastodon = provider_for("https://journa.host/@ada/109876543210")
    assert mastodon.name == "Mastodon"
    post = "https://journa.host/@ada/109876543210"
    assert mastodon.oembed_endpoint_for(post) == "https://journa.host/api/oembed"
    assert mastodon.frame_sources_for(post) == ("https://journa.host",)
    assert provider_for("https://journa.host/@ada/about") is None


@pytest.mark.parametrize(
    ("frame", "framed"),
    [
        ("https://journa.host/@ada/109876543210/embed", True),
        ("https://mastodon.social/@ada/109876543210/embed", False),
    ],
)
def test_a_mastodon_post_may_be_framed_only_by_its_own_server(
    client, make_article, provider, run_tasks, settings, frame, framed
):
    post = "https://journa.host/@ada/109876543210"
    settings.NEWSROOM_OEMBED_ENDPOINTS["Mastodon"] = f"{provider.url}/oembed"
    provider.answers[post] = {
        "type": "rich",
        "author_name": "Ada",
        "html": f'<iframe src="{frame}"></iframe><script src="https://x/e.js">',
    }
    article = story(make_article, f"<p>{post}</p>")
    run_tasks()
    assert Embed.objects.get().is_frame is framed
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    frames = re.search(r"frame-src ([^;]+)", policy)
    assert (frames[1].split() if frames else None) == (
        ["'self'", "https://journa.host"] if framed else None
    )


def test_a_live_story_update_embeds_as_an_article_does(
    client, make_article, provider, run_tasks, settings
):
    toot = "https://journa.host/@ada/109876543210"
    settings.NEWSROOM_OEMBED_ENDPOINTS["Mastodon"] = f"{provider.url}/oembed"
    provider.answers[toot] = {
        "type": "rich",
        "author_name": "Ada",
        "html": f'<iframe src="{toot}/embed"></iframe>',
    }
    article = story(make_article)
    now = timezone.now()
    live = LiveStory.objects.create(article=article, coverage_started_at=now)
    page_url = article.get_absolute_url()
    client.get(page_url)  # cached before the update
    entry = LiveEntry.objects.create(
        story=live, posted_at=now, body=f"<p>{VIDEO}</p><p>{toot}</p>"
    )
    assert provider.requests == []  # not in the editor's request
    assert "Load content from" not in client.get(page_url).content.decode()

    run_tasks()
    assert sorted(provider.oembed_requests()) == sorted([VIDEO, toot])
    # The page the worker's answer changed is dropped from the cache.
    page = client.get(page_url)
    html = page.content.decode()
    assert "Load content from YouTube" in html
    assert f'data-embed-frame="{toot}/embed"' in html
    frames = re.search(r"frame-src ([^;]+)", page["Content-Security-Policy"])[1]
    # Its own frames, and any known provider's for updates still to come.
    assert {"https://journa.host", "https://www.youtube.com"} <= set(frames.split())
    assert "https://player.vimeo.com" in frames.split()

    # An update fetched by the open page may frame only what its policy allows.
    section, slug = article.section.slug, article.slug
    updates = reverse("liveblog:updates", args=[section, slug]) + "?after=0"
    fragment = client.get(updates).content.decode()
    assert "Load content from YouTube" in fragment
    assert "data-embed-frame" in fragment and f"{toot}/embed" not in fragment
    assert f'<a href="{toot}" rel="noopener noreferrer">' in fragment

    # The update's own page frames both.
    own = client.get(reverse("liveblog:entry", args=[section, slug, entry.pk]))
    frames = re.search(r"frame-src ([^;]+)", own["Content-Security-Policy"])[1]
    assert set(frames.split()) == {
        "'self'",
        "https://journa.host",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
    }


def test_feeds_carry_embeds_as_plain_links(client, make_article, provider, run_tasks):
    story(make_article, f"<p>{VIDEO}</p>", f"<p>{POST}</p>")
    run_tasks()
    feed = client.get("/feed/").content.decode()
    assert f"&lt;p&gt;{VIDEO}&lt;/p&gt;" in feed
    assert "iframe" not in feed and "Load content" not in feed


def test_a_line_not_fetched_yet_is_a_plain_link(client, make_article, settings):
    settings.NEWSROOM_OEMBED_ALLOWED_NETWORKS = []
    article = story(make_article, f"<p>{CHART}</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<p><a href="{CHART}" rel="noopener noreferrer">{CHART}</a></p>' in html


@pytest.mark.parametrize(
    "wordpress",
    [
        "Before.\n\nhttps://youtu.be/flood-01\n\nAfter.",
        "Before.\n\n[embed]https://youtu.be/flood-01[/embed]\n\nAfter.",
    ],
)
def test_wordpress_embeds_become_embeds_on_import(make_article, wordpress):
    body, notes = expand(wordpress, Pictures())
    make_article(title="Imported", body=autop(body))
    assert list(Embed.objects.values_list("url", "provider")) == [
        ("https://youtu.be/flood-01", "YouTube")
    ]


def test_editors_see_why_an_embed_is_a_card_and_have_it_fetched_again(
    client, make_article, make_staff, provider, run_tasks
):
    provider.answers[CHART] = 503
    story(make_article, f"<p>{CHART}</p>")
    run_tasks()
    embed = Embed.objects.get()
    client.force_login(make_staff("desk", "Reporter"))
    listing = client.get(reverse("admin:embeds_embed_changelist"))
    assert "Provider unreachable" in listing.content.decode()
    provider.answers[CHART] = {"title": "Rainfall by hour", "html": ""}
    client.post(
        reverse("admin:embeds_embed_changelist"),
        {"action": "fetch_again", "_selected_action": [embed.pk]},
    )
    run_tasks()
    embed.refresh_from_db()
    assert (embed.state, embed.title) == (Embed.State.READY, "Rainfall by hour")


def test_an_article_page_with_embeds_stays_within_the_query_budget(
    client, make_article, make_image, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_PAGE_CACHE = False
    photo = make_image()
    figure = f'<figure><img alt="" data-file="{photo.pk}"></figure>'
    videos = [f"https://youtu.be/flood-{n}" for n in range(5)]
    for url in videos:
        Embed.objects.create(
            url=url,
            provider="YouTube",
            state=Embed.State.READY,
            title=url,
            frame_url="https://www.youtube-nocookie.com/embed/x",
            thumbnail=make_image(),
        )
    one = story(make_article, figure, f"<p>{videos[0]}</p>")
    five = make_article(
        title="Five Videos", body=figure + "".join(f"<p>{v}</p>" for v in videos)
    )
    client.get(one.get_absolute_url())  # warm: the navigation, generations
    with django_assert_max_num_queries(6) as counted:
        client.get(one.get_absolute_url())
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = client.get(five.get_absolute_url())
    assert page.content.decode().count("Load content from YouTube") == 5


def test_the_api_says_what_each_embed_of_a_published_article_is(
    client, make_article, provider, run_tasks
):
    article = story(make_article, f"<p>{VIDEO}</p>", f"<p>{POST}</p>")
    draft = make_article(
        title="Draft", status=Article.Status.DRAFT, body=f"<p>{VIDEO}</p>"
    )
    address = f"/api/v1/articles/{article.pk}/embeds/"
    assert [e["state"] for e in client.get(address).json()["results"]] == [
        "pending",
        "pending",
    ]
    run_tasks()
    video, post = client.get(address).json()["results"]
    assert (video["url"], video["provider"], video["state"]) == (
        VIDEO,
        "YouTube",
        "ready",
    )
    assert video["frame_url"] == f"{FRAME}?feature=oembed"
    assert {r["slot"] for r in video["thumbnail"]} >= {"article"}
    assert (post["provider"], post["frame_url"], post["thumbnail"]) == ("X", "", [])
    assert post["quotation"].startswith("<p>Gates shut at 6pm.")
    # The body itself carries them as the links they are.
    body = client.get(f"/api/v1/articles/{article.pk}/").json()["body_html"]
    assert f"<p>{VIDEO}</p>" in body
    assert client.get(f"/api/v1/articles/{draft.pk}/embeds/").status_code == 404


def test_a_map_is_framed_from_its_own_address_with_nothing_fetched(
    client, make_article, provider, run_tasks
):
    url = "https://www.google.com/maps/embed?pb=!1m18!1m12"
    article = story(make_article, f"<p>{url}</p>")
    run_tasks()
    assert provider.requests == []
    assert Embed.objects.get().frame_url == url
    page = client.get(article.get_absolute_url())
    assert "Load content from Google Maps" in page.content.decode()
    assert "https://www.google.com" in page["Content-Security-Policy"]
