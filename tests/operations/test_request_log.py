import json
import logging

import pytest

from operations.request_log import JsonLineFormatter


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        response = client.get("/no-such-page/")

    (record,) = [r for r in caplog.records if r.name == "newsroom.request"]
    line = json.loads(JsonLineFormatter().format(record))
    assert line["path"] == "/no-such-page/"
    assert line["status"] == 404
    assert line["method"] == "GET"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "kept"),
    [("abc-123.proxy_id", True), ("x" * 65, False), ('bad"\n{"forged":1}', False)],
)
def test_proxy_request_id_is_kept_only_when_safe(client, sent, kept):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert (response["X-Request-ID"] == sent) is kept
    assert len(response["X-Request-ID"]) <= 64
