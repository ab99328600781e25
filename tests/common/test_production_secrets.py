"""Issue 17 findings 1 and 2: a production deploy with the public payment secret, the sandbox on, or the
public development SECRET_KEY does not start; the sandbox answers nobody without DEBUG/PAYMENT_SANDBOX."""

import pytest
from django.test import override_settings

from tests.common.test_deploy_check import PRODUCTION_ENV, _run


def test_default_payment_secret_fails_the_deploy_check():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "PAYMENT_SANDBOX_SECRET"}
    result = _run(env)
    assert result.returncode != 0
    assert "tradepost.E002" in result.stderr


def test_sandbox_on_fails_the_deploy_check():
    result = _run({**PRODUCTION_ENV, "PAYMENT_SANDBOX": "1"})
    assert result.returncode != 0
    assert "tradepost.E001" in result.stderr


def test_scaled_mode_without_secret_key_refuses_to_start():
    """Finding 2: PostgreSQL/Redis, no HTTPS/PRODUCTION, no DEBUG, no SECRET_KEY → no public dev key."""
    env = {"DEBUG": "0", "HTTPS": "0", "SECRET_KEY": "", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = _run(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_procfile_runs_the_deploy_check_before_release_and_web():
    from tests.common.test_deploy_check import ROOT

    lines = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line and line[0] != "#")
    for process in ("web", "release"):
        assert lines[process].strip().startswith("python manage.py check --deploy --fail-level ERROR &&")


@pytest.mark.django_db
@override_settings(PAYMENT_SANDBOX=False)
def test_sandbox_callback_and_pay_page_answer_404_in_production(api):
    response = api.post("/api/v1/payments/callback/sandbox", b'{"reference":"x","status":"paid","amount":"1"}',
                        content_type="application/json", HTTP_X_SIGNATURE="0" * 64)
    assert response.status_code == 404
    assert api.get("/payments/sandbox/sbx_anything").status_code == 404
