"""The body sanitiser against script-carrying markup (OWASP filter-evasion cases)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    sanitize_body,
)

VECTORS = [
    # Script elements, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/xss src=//xss.example/x.js></script>",
    "<<script>alert(1);//<</script>",
    "<script>alert(1)",
    '<script src="data:text/javascript,alert(1)"></script>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # Event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<body onload=alert(1)>",
    "<p onmouseover=alert(1)>hover</p>",
    "<a onclick=alert(1) href=#>x</a>",
    "<div onfocus=alert(1) tabindex=0 autofocus>x</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<p/onmouseover="alert(1)">x</p>',
    "<p onmouseover\n=alert(1)>x</p>",
    # javascript:, vbscript: and data: URLs, in any case and disguise
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:x()">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="//xss.example/">x</a>',
    '<a href="\\\\xss.example/">x</a>',
    '<a href="/\\xss.example/">x</a>',
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Styles
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p style="behavior:url(xss.htc)">x</p>',
    '<p style="width:expression(alert(1))">x</p>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # Frames, objects and friends
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<applet code="x"></applet>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<isindex action="javascript:alert(1)" type=image>',
    # Broken and nested markup
    '<a href="https://ok.example" "onclick=alert(1)">x</a>',
    "<p <script>alert(1)</script>>x</p>",
    '<a title="x" href=javascript:alert(1)>x</a>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example"><script>alert(1)</script></a>',
    "<p>ok</p><xss onafterscriptexecute=alert(1)>",
    '<div data-x="<script>alert(1)</script>">x</div>',
    "<textarea><script>alert(1)</script></textarea>",
]


class _Audit(HTMLParser):
    """Collects every tag, attribute and link a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href" and not is_safe_href(value or ""):
                self.problems.append(f"href {value!r}")

    handle_startendtag = handle_starttag


def is_safe_href(href):
    parts = urlsplit(href.strip())
    if parts.scheme:
        return parts.scheme.lower() in ALLOWED_URL_SCHEMES
    return not href.strip().replace("\\", "/").startswith("//")


def problems_in(html):
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.problems


def test_there_are_at_least_sixty_vectors():
    assert len(set(VECTORS)) >= 60


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_loses_everything_that_could_run(vector):
    clean = sanitize_body(vector)

    assert problems_in(clean) == []


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS[::7])
def test_model_save_cleans_the_vector(make_article, vector):
    article = make_article(body=vector)
    article.refresh_from_db()
    assert problems_in(article.body) == []


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        (
            '<blockquote class="pull-quote"><p>We built it for this.</p></blockquote>',
            '<blockquote class="pull-quote"><p>We built it for this.</p></blockquote>',
        ),
        (
            '<blockquote class="evil"><p>x</p></blockquote>',
            "<blockquote><p>x</p></blockquote>",
        ),
        ('<p class="pull-quote">x</p>', "<p>x</p>"),
        (
            '<blockquote class="pull-quote big"><p>x</p></blockquote>',
            "<blockquote><p>x</p></blockquote>",
        ),
    ],
)
def test_a_quotation_may_be_a_pull_quote_and_nothing_else(written, stored):
    assert sanitize_body(written) == stored


def test_what_editors_write_survives():
    html = (
        "<h2>Sub</h2><p>A <strong>bold</strong>, <em>quoted</em> "
        '<a href="https://www.justice.gov/opa" title="DOJ" '
        'rel="noopener noreferrer">link</a>, <a href="/news/other/">internal</a> '
        'and <a href="mailto:desk@news.example">'
        "mail</a>.</p><ul><li>one</li></ul><ol><li>two</li></ol>"
        "<blockquote><p>“Quote”</p></blockquote><p>line<br>break</p>"
    )
    assert sanitize_body(html) == html


MARKUP_FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        "/",
        '"',
        "'",
        "=",
        " ",
        "\t",
        "\n",
        "&#",
        "&#x",
        ";",
        "script",
        "svg",
        "img",
        "a",
        "p",
        "href",
        "src",
        "onerror",
        "onload",
        "style",
        "javascript:",
        "JaVaScRiPt:",
        "data:",
        "//",
        "alert(1)",
        "<!--",
        "-->",
        "<![CDATA[",
        "iframe",
        "math",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKUP_FRAGMENTS | st.text(max_size=3), max_size=40).map("".join))
@example("&#xD")  # a carriage return, which parsing reads as a newline
@example("<p>a&#13;&#10;b&#13;\nc</p>")
def test_any_markup_comes_out_safe_and_stable(html):
    clean = sanitize_body(html)

    assert problems_in(clean) == []
    assert sanitize_body(clean) == clean


@pytest.mark.django_db
def test_admin_form_cleans_the_body(editor_client, section):
    editor_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Vector",
            "slug": "vector",
            "section": section.pk,
            "body": '<p onclick="x()">ok</p><svg onload=alert(1)>',
            "status": "draft",
        },
    )
    assert Article.objects.get(slug="vector").body == "<p>ok</p>"


@pytest.mark.parametrize(
    ("link", "cleaned"),
    [
        (
            '<a href="https://elsewhere.example/">x</a>',
            '<a href="https://elsewhere.example/" rel="noopener noreferrer">x</a>',
        ),
        (
            '<a href="http://elsewhere.example/" rel="nofollow sponsored">x</a>',
            '<a href="http://elsewhere.example/" '
            'rel="nofollow noopener noreferrer">x</a>',
        ),
        ('<a href="/news/" rel="opener">x</a>', '<a href="/news/">x</a>'),
        (
            '<a href="mailto:desk@news.example">x</a>',
            '<a href="mailto:desk@news.example">x</a>',
        ),
    ],
)
def test_external_links_open_without_opener_or_referrer(link, cleaned):
    assert sanitize_body(f"<p>{link}</p>") == f"<p>{cleaned}</p>"
    assert sanitize_body(sanitize_body(link)) == sanitize_body(link)


@pytest.mark.parametrize("html", ["<h2>a</\nx</h2><x\r>b<h2></h2>"])
def test_cleaning_twice_changes_nothing_for_markup_the_parser_repairs(html):
    assert sanitize_body(sanitize_body(html)) == sanitize_body(html)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        (
            '<aside class="fact-box"><h2>In numbers</h2><p>42 boats</p></aside>',
            '<aside class="fact-box"><h2>In numbers</h2><p>42 boats</p></aside>',
        ),
        (
            '<aside class="sidebar" onclick="steal()"><h3>Facts</h3></aside>',
            "<aside><h3>Facts</h3></aside>",
        ),
        ('<p class="fact-box">x</p>', "<p>x</p>"),
        (
            '<ul class="gallery"><li>one</li></ul><ol class="gallery"><li>x</li></ol>',
            '<ul class="gallery"><li>one</li></ul><ol><li>x</li></ol>',
        ),
        ('<ul class="gallery wide"><li>one</li></ul>', "<ul><li>one</li></ul>"),
    ],
)
def test_a_fact_box_is_an_aside_and_a_gallery_a_list(written, stored):
    assert sanitize_body(written) == stored


def test_a_gallery_keeps_library_figures_and_loses_pictures_from_elsewhere(
    make_image,
):
    image = make_image()
    source = default_storage.url(image.file.name)
    library = (
        f'<figure><img src="{source}" data-file="{image.pk}" alt="">'
        "<figcaption>Boats at the quay.</figcaption></figure>"
    )
    elsewhere = (
        '<figure><img src="https://photos.example/a.jpg" alt="">'
        "<figcaption>Nets drying.</figcaption></figure>"
    )
    assert sanitize_body(
        f'<ul class="gallery"><li>{library}</li><li>{elsewhere}</li></ul>'
    ) == (f'<ul class="gallery"><li>{library}</li><li><p>Nets drying.</p></li></ul>')
