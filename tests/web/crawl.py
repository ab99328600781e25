"""A small same-site crawler for tests: follows every internal link from the home page."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"'#]+)""", re.I)
# Not pages of the site: files, the API and its docs, the admin, the language switch (POST only), and the
# payment sandbox (it stands for the provider's own page).
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/i18n/", "/healthz", "/payments/")


def internal_links(html: str, base: str) -> list[str]:
    links = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("", "http", "https") or (url.netloc and url.netloc != "testserver"):
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if path.startswith(SKIP_PREFIXES):
            continue
        links.append(path)
    return links


def pattern(path: str) -> str:
    """Pages of one kind share a pattern: ids become N, queries are dropped."""
    return re.sub(r"/[0-9a-f-]{36}/|/\d+/", "/N/", path.split("?")[0])


def crawl(get, *, start: str = "/", per_pattern: int = 3, limit: int = 400):
    """Visit pages breadth first with `get(path) -> (status, location, html)`; answer {path: status} and the
    pages that do not link back to the home page. At most `per_pattern` pages of each kind."""
    seen, statuses, orphans = {start}, {}, []
    counts: dict[str, int] = {}
    queue = deque([start])
    while queue and len(statuses) < limit:
        path = queue.popleft()
        status, location, html = get(path)
        statuses[path] = status
        found = [location] if location else []
        if html is not None:
            found += internal_links(html, path)
            if 'href="/"' not in html:
                orphans.append(path)
        for link in found:
            kind = pattern(link)
            if link in seen or counts.get(kind, 0) >= per_pattern or link.startswith(SKIP_PREFIXES):
                continue
            seen.add(link)
            counts[kind] = counts.get(kind, 0) + 1
            queue.append(link)
    return statuses, orphans
