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


def test_schema_generates_without_warnings_and_validates():
    """Every endpoint must document itself cleanly (nested Input/Output names, no guessing)."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ, "DEBUG": "0", "HTTPS": "1", "ALLOWED_HOSTS": "example.com",
        "SECRET_KEY": "x7#kq9!vz2@m4^p8&w1*r6(t3)y5_u0+e-b~n$c%d=f/g;h:j?l<a>s.o,i|q",
        "PAYMENT_SANDBOX_SECRET": "3b9e1f7c0d2a4e6b8c1d3f5a7e9b0c2d",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
