"""Headers, cookies and deploy checks as a production server sends them."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.newsroom.test_settings import load_settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-" + "x9Q2mZ7pL4vR8tW1" * 3,
    "DJANGO_ALLOWED_HOSTS": "news.example",
}

RUN_DEPLOY_CHECK = """
import django
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING")
print("deploy check clean")
"""


def test_deploy_check_is_clean_with_production_settings():
    result = load_settings(script=RUN_DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "deploy check clean" in result.stdout


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script(client):
    response = client.get("/")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_policy_lets_the_rich_text_editor_run(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/", secure=True)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/news/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/news/"


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_and_same_site(client, editor):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "pw"},
        secure=True,
    )

    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


PRINT_ADMIN_URL = """
import django
django.setup()
from django.test import Client
from django.urls import reverse
from articles.models import validate_section_slug
print(reverse("admin:index"))
try:
    validate_section_slug("desk")
except Exception as error:
    print(type(error).__name__)
"""


def test_admin_address_is_configurable_and_reserved():
    result = load_settings(
        script=PRINT_ADMIN_URL, DJANGO_ADMIN_URL="desk", **PRODUCTION
    )
    assert result.stdout.split() == ["/desk/", "ValidationError"]


@pytest.fixture
def two_hosts(settings, make_article):
    settings.ALLOWED_HOSTS = ["news.example", "www.news.example"]
    settings.NEWSROOM_SITE_URL = "https://news.example"
    return make_article(title="Harbour Reopens")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["story", "/", "/feed/", "/sitemap.xml"])
def test_a_cached_page_is_refused_to_a_host_not_allowed(client, two_hosts, url):
    url = two_hosts.get_absolute_url() if url == "story" else url
    assert client.get(url, HTTP_HOST="news.example").status_code == 200
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db
def test_absolute_links_name_the_site_not_the_host_that_rendered_first(
    client, two_hosts
):
    url = two_hosts.get_absolute_url()
    canonical = f'<link rel="canonical" href="https://news.example{url}">'
    for host in ("www.news.example", "news.example"):
        page = client.get(url, HTTP_HOST=host, secure=True).content.decode()
        assert canonical in page
        assert "www.news.example" not in page
    feed = client.get("/feed/", HTTP_HOST="www.news.example", secure=True)
    assert f"https://news.example{url}".encode() in feed.content
    assert b"www.news.example" not in feed.content


@pytest.mark.django_db
def test_a_site_address_outside_the_allowed_hosts_changes_no_request(client, settings):
    settings.NEWSROOM_SITE_URL = "https://elsewhere.example"
    assert client.get("/healthz").status_code == 200
    assert b"elsewhere.example" not in client.get("/feed/").content


@pytest.mark.django_db
def test_a_bad_host_gets_the_sites_own_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"<h1>Bad request</h1>" in response.content
    assert b"css/site.css" in response.content


@pytest.mark.django_db
def test_refusals_get_the_sites_own_403_pages(reporter_client):
    # A reporter may not manage accounts.
    refused = reporter_client.get(reverse("admin:auth_user_changelist"))
    assert refused.status_code == 403
    assert b"<h1>Not allowed</h1>" in refused.content

    expired = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "a", "password": "b"}
    )
    assert expired.status_code == 403
    assert b"<h1>This form has expired</h1>" in expired.content
