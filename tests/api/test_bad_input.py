"""Whatever a client sends, the answer is JSON, and never a 500."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.query import ArticleListQuery


def error(client, path):
    response = client.get(path)
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, field",
    [
        ("colour=red", "colour"),
        ("published_since=yesterday", "published_since"),
        ("changed_since=2024-13-45T99:00", "changed_since"),
        ("cursor=made-up", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("page_size=ten", "page_size"),
        ("tag=%00", "tag"),
        ("section=a%00b", "section"),
        ("tag=no%20spaces", "tag"),
    ],
)
def test_bad_query_is_a_400_saying_what_was_wrong(client, live, query, field):
    status, body = error(client, f"/api/v1/articles/?{query}")

    assert status == 400
    assert body["error"] == "bad_request"
    assert field in body["fields"]
    assert field in body["detail"]


@pytest.mark.django_db
def test_a_tampered_cursor_is_refused(client, make_article):
    for n in range(3):
        make_article(title=f"Story {n}")
    next_page = client.get("/api/v1/articles/?page_size=1").json()["next"]
    cursor = next_page.split("cursor=")[1]
    tampered = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]

    assert client.get(next_page).status_code == 200
    assert error(client, f"/api/v1/articles/?page_size=1&cursor={tampered}")[0] == 400
    # Nor does one list's cursor open another's.
    assert error(client, f"/api/v1/tags/?cursor={cursor}")[0] == 400


@pytest.mark.django_db
def test_details_take_no_parameters(client, live):
    status, body = error(client, f"/api/v1/articles/{live.pk}/?page_size=2")
    assert status == 400
    assert "page_size" in body["fields"]


@pytest.mark.django_db
def test_unknown_resources_are_json_404s(client):
    assert error(client, "/api/v1/articles/999/") == (
        404,
        {"error": "not_found", "detail": "No Article matches the given query."},
    )


HOSTILE = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "\ud800",
        "-1",
        "99999999999999999999",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "2024-02-30",
        "' OR 1=1 --",
        "😀" * 60,
        "x" * 5000,
        "news",
        "budget",
    ]
)
LIST_PATHS = [
    reverse(f"api:{name}")
    for name in (
        "article-list",
        "section-list",
        "tag-list",
        "author-list",
        "image-list",
    )
]


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(LIST_PATHS),
    query=st.dictionaries(
        st.sampled_from(list(ArticleListQuery().fields)) | st.text(max_size=10),
        HOSTILE | st.text(max_size=30),
        max_size=4,
    ),
)
def test_no_query_answers_500(client, live, path, query):
    client.raise_request_exception = False
    encoded = urlencode(query, errors="surrogatepass")

    response = client.get(f"{path}?{encoded}")

    assert response.status_code in (200, 400), (path, query, response.content[:300])
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["articles", "sections", "tags", "authors", "images"]),
    argument=HOSTILE | st.text(max_size=30),
)
def test_no_address_answers_500(client, live, kind, argument):
    client.raise_request_exception = False
    segment = quote(argument.encode("utf-8", "surrogatepass"), safe="")

    response = client.get(f"/api/v1/{kind}/{segment}/")

    assert response.status_code in (200, 301, 404), (kind, argument)
