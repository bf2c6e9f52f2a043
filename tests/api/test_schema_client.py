"""A client made from the OpenAPI schema alone reads every resource.

The client below knows nothing of the API but its schema: it takes each GET
path, fills its parameters from what the lists it has read gave (an id, a
slug, an article's address), and checks each answer against the response
schema the operation declares.
"""

import copy
import re

import jsonschema
import pytest
from django.core.management import call_command

from liveblog.models import LiveEntry, LiveStory


def json_schema(openapi, node):
    """An OpenAPI 3.0 schema object as JSON Schema (refs inlined, nullable)."""
    node = copy.deepcopy(node)
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            return json_schema(openapi, openapi["components"]["schemas"][name])
        if node.pop("nullable", False):
            inner = json_schema(openapi, node)
            return {"anyOf": [inner, {"type": "null"}]}
        return {key: json_schema(openapi, value) for key, value in node.items()}
    if isinstance(node, list):
        return [json_schema(openapi, value) for value in node]
    return node


class SchemaClient:
    def __init__(self, client):
        self.client = client
        response = client.get(
            "/api/v1/schema/", headers={"accept": "application/vnd.oai.openapi+json"}
        )
        assert response.status_code == 200
        self.openapi = response.json()
        self.seen = {}  # parameter name -> values seen in answers

    def operations(self):
        for path, item in self.openapi["paths"].items():
            if "get" in item and "schema" not in path and "docs" not in path:
                yield path, item["get"]

    def call(self, path, operation):
        names = re.findall(r"{(\w+)}", path)
        filled = path
        for name in names:
            assert self.seen.get(name), f"nothing read gives {name} for {path}"
            filled = filled.replace(f"{{{name}}}", str(self.seen[name][0]))
        response = self.client.get(filled)
        assert response.status_code == 200, (filled, response.content[:200])
        declared = operation["responses"]["200"]["content"]["application/json"]
        jsonschema.validate(
            response.json(), json_schema(self.openapi, declared["schema"])
        )
        self.remember(path, response.json())
        return response.json()

    def remember(self, path, body):
        rows = body.get("results", [body])
        for row in rows:
            self.seen.setdefault("id", [])
            if path.startswith("/api/v1/articles/") and "canonical_url" in row:
                self.seen.setdefault("id", []).insert(0, row["id"])
                section, slug = row["canonical_url"].rstrip("/").split("/")[-2:]
                self.seen.setdefault("section_slug", []).insert(0, section)
                self.seen.setdefault("slug", []).insert(0, slug)
            elif "slug" in row:
                self.seen.setdefault("slug", []).insert(0, row["slug"])
            if path.startswith("/api/v1/images/"):
                self.seen["id"].insert(0, row["id"])

    def read_everything(self):
        """Each list, then each detail right after the list it hangs from."""
        read = []
        operations = sorted(self.operations(), key=lambda op: op[0])
        for path, operation in operations:
            if "{" in path:
                continue
            self.seen = {}
            self.call(path, operation)
            read.append(path)
            for detail_path, detail in operations:
                if detail_path.startswith(path) and "{" in detail_path:
                    self.call(detail_path, detail)
                    read.append(detail_path)
        return read


@pytest.mark.django_db
def test_a_client_from_the_schema_reads_every_resource(client, live, make_image):
    live.lead_image = make_image()
    live.save()
    story = LiveStory.objects.create(article=live)
    LiveEntry.objects.create(story=story, body="<p>First entry.</p>")

    schema_client = SchemaClient(client)
    read = schema_client.read_everything()

    assert sorted(read) == sorted(path for path, _ in schema_client.operations())
    for resource in ("articles", "sections", "tags", "authors", "images", "front"):
        assert f"/api/v1/{resource}/" in read
    assert "/api/v1/articles/{section_slug}/{slug}/" in read
    assert "/api/v1/articles/{id}/live-entries/" in read
    assert "/api/v1/articles/{id}/embeds/" in read


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yml"
    )
    assert "/api/v1/articles/{id}/" in (tmp_path / "schema.yml").read_text()
