"""The oEmbed providers newsrooms embed from: which addresses are each one's,
where its oEmbed endpoint is, and how readers get it.

A provider whose oEmbed answer is an <iframe> is shown as a facade until the
reader asks for it, then in a frame from one of its `frame_sources`, the only
places the page's Content-Security-Policy lets it frame. One whose answer is
a script (X, Instagram, TikTok, Bluesky, Facebook) is shown as a quotation of
the post's text with a link: no provider script ever runs on a page. Google
Maps has no oEmbed endpoint: its embed address is already the frame's.

NEWSROOM_OEMBED_ENDPOINTS maps a provider's name to another endpoint (tests
serve one on loopback).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    name: str
    patterns: tuple  # regular expressions an address must match from its start
    # None: the address itself is the frame; "{origin}": the post's server.
    endpoint: str | None
    frame_sources: tuple = ()  # empty: shown as a quotation, never framed
    # A federated network: each post is framed from its own server.
    frames_from_own_server: bool = False

    def oembed_endpoint_for(self, url):
        endpoint = settings.NEWSROOM_OEMBED_ENDPOINTS.get(self.name, self.endpoint)
        return endpoint and endpoint.format(origin=origin(url))

    def frame_sources_for(self, url):
        """The origins the frame of the post at `url` may come from."""
        return (origin(url),) if self.frames_from_own_server else self.frame_sources

    def matches(self, url):
        return any(re.match(pattern, url) for pattern in self.patterns)


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


HTTPS = r"https?://(?:www\.)?"

PROVIDERS = (
    Provider(
        "YouTube",
        (HTTPS + r"youtube\.com/(?:watch\?|shorts/|live/)", r"https?://youtu\.be/"),
        "https://www.youtube.com/oembed",
        ("https://www.youtube.com", "https://www.youtube-nocookie.com"),
    ),
    Provider(
        "Vimeo",
        (HTTPS + r"vimeo\.com/\d+",),
        "https://vimeo.com/api/oembed.json",
        ("https://player.vimeo.com",),
    ),
    Provider(
        "X",
        (HTTPS + r"(?:twitter|x)\.com/\w+/status/\d+",),
        "https://publish.twitter.com/oembed",
    ),
    Provider(
        "Instagram",
        (HTTPS + r"instagram\.com/(?:p|reel)/",),
        "https://graph.facebook.com/v19.0/instagram_oembed",
    ),
    Provider(
        "TikTok",
        (HTTPS + r"tiktok\.com/@[\w.]+/video/\d+",),
        "https://www.tiktok.com/oembed",
    ),
    Provider(
        "Bluesky",
        (r"https://bsky\.app/profile/[^/]+/post/",),
        "https://embed.bsky.app/oembed",
    ),
    Provider(
        "Mastodon",
        # A post on any server: https://<server>/@<account>/<number>.
        (r"https://[\w-]+(?:\.[\w-]+)+/@\w+/\d+/?(?:$|[?#])",),
        "{origin}/api/oembed",
        frames_from_own_server=True,
    ),
    Provider(
        "Facebook",
        (HTTPS + r"facebook\.com/[^/]+/(?:posts|videos)/",),
        "https://graph.facebook.com/v19.0/oembed_post",
    ),
    Provider(
        "SoundCloud",
        (r"https://soundcloud\.com/[^/]+/",),
        "https://soundcloud.com/oembed",
        ("https://w.soundcloud.com",),
    ),
    Provider(
        "Spotify",
        (r"https://open\.spotify\.com/(?:track|album|playlist|episode|show)/",),
        "https://open.spotify.com/oembed",
        ("https://open.spotify.com",),
    ),
    Provider(
        "Google Maps",
        (r"https://www\.google\.com/maps/embed\?",),
        None,
        ("https://www.google.com",),
    ),
    Provider(
        "DocumentCloud",
        (HTTPS + r"documentcloud\.org/documents/",),
        "https://api.www.documentcloud.org/api/oembed/",
        ("https://embed.documentcloud.org", "https://www.documentcloud.org"),
    ),
    Provider(
        "Datawrapper",
        (r"https://datawrapper\.dwcdn\.net/\w+", r"https://www\.datawrapper\.de/_/"),
        "https://api.datawrapper.de/v3/oembed",
        ("https://datawrapper.dwcdn.net",),
    ),
    Provider(
        "Flourish",
        (r"https://public\.flourish\.studio/(?:visualisation|story)/\d+",),
        "https://app.flourish.studio/api/v1/oembed",
        ("https://flo.uri.sh", "https://public.flourish.studio"),
    ),
    Provider(
        "Infogram",
        (r"https://infogram\.com/[\w-]+",),
        "https://infogram.com/oembed",
        ("https://e.infogram.com",),
    ),
)
BY_NAME = {provider.name: provider for provider in PROVIDERS}
# Where the known providers' frames come from (a federated network's posts
# come from their own servers, which no list holds).
FRAME_SOURCES = frozenset(source for p in PROVIDERS for source in p.frame_sources)


def provider_for(url):
    """The provider `url` belongs to, or None: an unknown address stays a link."""
    return next((p for p in PROVIDERS if p.matches(url)), None)
