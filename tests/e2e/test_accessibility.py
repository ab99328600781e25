"""Every page passes axe-core (through axe-playwright-python) with no serious or critical violation: the demo
site is crawled from the home page as a visitor and as each demo user, and one page of each kind is checked
(in English and, for the visitor, in Chinese)."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accounts.demo import DEMO_USERS
from tests.e2e.conftest import ARTIFACTS, log_in, off_loop, screenshot
from tests.web.crawl import crawl, pattern

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}


def _pages_of(context) -> list[str]:
    def get(path):
        response = context.request.get(path, max_redirects=0)
        location = response.headers.get("location") if response.status in (301, 302) else None
        is_html = response.status == 200 and response.headers.get("content-type", "").startswith("text/html")
        return response.status, location, response.text() if is_html else None

    statuses, _orphans = crawl(get, per_pattern=1, limit=120)
    return [path for path, status in statuses.items() if status == 200]


def test_every_page_has_no_serious_or_critical_violation(e2e, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    off_loop(call_command, "demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    axe = Axe()
    checked: set[str] = set()
    problems = {}
    for username, locale in [(None, "en-US"), (None, "zh-CN"), *((name, "en-US") for name in DEMO_USERS)]:
        page = e2e.page(locale=locale)
        if username:
            log_in(page, username, settings.DEMO_PASSWORD)
        for path in _pages_of(page.context):
            key = f"{locale}:{'user' if username else 'visitor'}:{pattern(path)}"
            if key in checked:
                continue
            checked.add(key)
            page.goto(path)
            violations = [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
                for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING
            ]
            if violations:
                problems[f"{username or 'visitor'} {locale} {path}"] = violations
                screenshot(page, "axe-" + pattern(path).strip("/").replace("/", "-") or "home")
        page.context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(problems, indent=1, ensure_ascii=False))
    assert len(checked) > 20
    assert problems == {}
