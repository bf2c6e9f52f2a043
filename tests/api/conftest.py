import pytest


@pytest.fixture
def api(client):
    """GET a path of the content API, answering (status, parsed JSON)."""

    def get(path, **headers):
        response = client.get(f"/api/v1/{path}", headers=headers)
        assert response["Content-Type"] == "application/json", response.content[:200]
        return response.status_code, response.json()

    return get
