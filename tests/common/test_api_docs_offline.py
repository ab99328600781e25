"""Swagger UI and ReDoc are served from the project: the docs pages name no external asset (they render with
the network cut) and carry no inline script or style (the CSP needs no unsafe-inline)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", re.I)


def _assets(html: str) -> list[str]:
    return ASSET.findall(html)


def _fetchable(client: Client, url: str) -> bool:
    if url.startswith("/static/"):
        return finders.find(url.removeprefix("/static/").split("?")[0]) is not None
    return client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_use_only_local_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assets = _assets(html)
    assert assets, "the docs page loads its UI from somewhere"
    external = [url for url in assets if re.match(r"^(https?:)?//", url)]
    assert external == []
    assert "googleapis" not in html and "cdn" not in html.lower()
    assert all(_fetchable(client, url) for url in assets), assets
    # No inline script or style: every <script> has a src, and there is no <style> element.
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html


def test_swagger_ui_settings_script_is_served(client):
    html = client.get("/api/docs/").content.decode()
    script = next(url for url in _assets(html) if "script" in url and not url.startswith("/static/"))
    response = client.get(script)
    assert response.status_code == 200 and b"SwaggerUIBundle" in response.content
