import pytest

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_cache_and_channel_layer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_reports_a_broken_part(client, monkeypatch):
    from common import views

    def broken():
        raise RuntimeError("cache down")

    monkeypatch.setattr(views, "_check_cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "cache down"}


def test_schema_shows_the_envelope(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    profile = schema["paths"]["/api/v1/users/profile"]["get"]["responses"]
    assert set(profile["200"]["content"]["application/json"]["schema"]["properties"]) == {"code", "message", "data"}
    assert profile["401"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorEnvelope"


def test_docs_and_admin_login_render(client):
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
