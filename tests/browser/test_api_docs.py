"""The API's interactive docs work in a real browser from the site's own
files, under a policy relaxed for that page alone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_every_operation_from_our_own_files(
    new_page, live_server, live
):
    page = new_page()
    problems, elsewhere = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on(
        "request",
        lambda r: r.url.startswith(live_server.url) or elsewhere.append(r.url),
    )

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")
    page.get_by_text("/api/v1/articles/{id}/", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("id").fill(str(live.pk))
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table .response-col_status")

    schema = page.request.get(
        "/api/v1/schema/", headers={"accept": "application/vnd.oai.openapi+json"}
    ).json()
    assert page.locator(".opblock").count() == sum(
        len(operations) for operations in schema["paths"].values()
    )
    assert "Live Headline" in page.locator(".live-responses-table").inner_text()
    assert problems == []
    assert elsewhere == []


def test_only_the_docs_page_allows_inline_styles(client, live):
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    api = client.get("/api/v1/articles/")["Content-Security-Policy"]
    home = client.get("/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "unsafe-inline" not in api
    assert "unsafe-inline" not in home
    assert "script-src 'self';" in docs + ";"
