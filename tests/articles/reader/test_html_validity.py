"""Every public page, error pages included, is valid HTML, checked offline by
html-validate (npm).

`make install` puts html-validate in node_modules/ with `npm ci`. Where npm
is missing the test is skipped and says why; CI sets
NEWSROOM_REQUIRE_HTML_VALIDATE=1, which turns that skip into a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from tests.public_pages import build_public_pages

HTML_VALIDATE = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "html-validate"


@pytest.fixture
def html_validate():
    """The command that validates files, or a skip (a failure in CI)."""
    if not shutil.which("npx"):
        reason = "npm is missing (apt-get install -y npm), so is html-validate"
    elif not HTML_VALIDATE.exists():
        reason = f"{HTML_VALIDATE} is missing: `npm ci --ignore-scripts` installs it"
    else:
        return ["npx", "--no-install", "html-validate"]
    if os.environ.get("NEWSROOM_REQUIRE_HTML_VALIDATE") == "1":
        pytest.fail(f"{reason}; NEWSROOM_REQUIRE_HTML_VALIDATE=1 forbids skipping")
    pytest.skip(reason)


@pytest.mark.django_db
def test_every_public_page_is_valid_html(
    client, html_validate, tmp_path, spector, make_image, author
):
    pages = build_public_pages(spector, make_image, author)
    files = []
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    # The error pages are static: rendered without a request or a database.
    for name in ["500", "503", "413"]:
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(render_to_string(f"{name}.html"))
    # An editor's form the database could not take, kept to send again.
    files.append(tmp_path / "503_not_saved.html")
    kept = [("csrfmiddlewaretoken", ["x"], False), ("body", ["<p>Text</p>"], True)]
    files[-1].write_text(
        render_to_string(
            "503_not_saved.html",
            {"heading": "Not saved yet", "action": "/admin/", "fields": kept},
        )
    )

    # Into a file: node cuts off long output to a pipe when the process exits.
    report_file = tmp_path / "report.json"
    result = subprocess.run(
        [
            *html_validate,
            "--config",
            ".htmlvalidate.json",
            "--formatter",
            f"json={report_file}",
            *map(str, files),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    reports = json.loads(report_file.read_text())
    errors = [
        f"{Path(report['filePath']).stem}:{message['line']}: "
        f"{message['message']} ({message['ruleId']})"
        for report in reports
        for message in report["messages"]
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr
