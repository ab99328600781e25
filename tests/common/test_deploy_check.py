"""Production settings review (issue 10): `check --deploy` is clean with production environment variables,
and the reviewed values hold — secure cookies and HSTS behind TLS, security headers, short JWT lifetimes with
rotation, throttles on auth/apply/want/chat, upload limits."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "example.com",
    "SECRET_KEY": "q8#Lz2!vR7@mK4^pW9&t1*X6(y3)N5_u0+eB-c~d$F%g=h/J;k",
    "PAYMENT_SANDBOX_SECRET": "c7f0a9e2b4d15e3a8f6c1b09d2e47a5f",
}
SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
jwt = settings.SIMPLE_JWT
print("SETTINGS=" + json.dumps({
    "debug": settings.DEBUG,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "access_seconds": jwt["ACCESS_TOKEN_LIFETIME"].total_seconds(),
    "refresh_seconds": jwt["REFRESH_TOKEN_LIFETIME"].total_seconds(),
    "rotate": jwt["ROTATE_REFRESH_TOKENS"],
    "blacklist": jwt["BLACKLIST_AFTER_ROTATION"],
    "throttle_scopes": sorted(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]),
    "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    "max_body": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    "max_file": settings.UPLOAD_MAX_BYTES,
}))
"""


def _run(env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_and_the_reviewed_values_hold():
    result = _run(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETTINGS="))
    values = json.loads(line.removeprefix("SETTINGS="))
    assert values["debug"] is False
    assert values["session_cookie_secure"] and values["csrf_cookie_secure"] and values["ssl_redirect"]
    assert values["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["hsts_seconds"] >= 365 * 24 * 3600
    assert values["access_seconds"] <= 15 * 60 and values["refresh_seconds"] <= 7 * 24 * 3600
    assert values["rotate"] and values["blacklist"]
    assert {"auth", "apply", "want", "chat"} <= set(values["throttle_scopes"])
    assert values["max_files"] <= 10 and values["max_body"] <= 10 * 1024 * 1024 and values["max_file"] <= 5 * 1024 * 1024


def test_check_deploy_fails_without_tls_settings():
    """The check can fail: without HTTPS=1 the cookies are not secure and --deploy complains."""
    result = _run({**PRODUCTION_ENV, "HTTPS": "0"})
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr or "W012" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


TLS_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@pytest.mark.django_db
@override_settings(**TLS_SETTINGS)
def test_security_headers_behind_a_tls_proxy():
    client = Client()
    response = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@override_settings(**TLS_SETTINGS)
def test_plain_http_is_redirected_except_the_health_probe():
    client = Client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/api/v1/users/profile")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_auth_is_throttled(api, user):
    from rest_framework.throttling import ScopedRateThrottle

    throttle = ScopedRateThrottle()
    limit = throttle.parse_rate(throttle.THROTTLE_RATES["auth"])[0]
    # An address no other test uses, so no earlier request counts against this window.
    address = f"10.{user.pk % 250}.{(user.pk // 250) % 250}.7"
    # A different username each time: five failures on one account lock it (the login lockout, also 429),
    # and this test is about the per-address throttle.
    answers = [
        api.post("/api/v1/auth/token", {"username": f"nobody{i}", "password": "wrong-password"}, format="json",
                 REMOTE_ADDR=address)
        for i in range(limit + 1)
    ]
    assert [a.status_code for a in answers[:limit]] == [401] * limit
    assert answers[-1].status_code == 429
    assert answers[-1].json()["code"] == 429
    assert int(answers[-1]["Retry-After"]) > 0
