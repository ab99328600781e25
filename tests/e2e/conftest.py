"""Browser-test infrastructure: a live ASGI server (uvicorn: HTTP and /ws/chat/) on a free loopback port,
serving `config.asgi:application` in this process — so it uses the test database and the same channel
layer settings — and Playwright driving Debian's Chromium.

Tests use `transactional_db` (committed rows, as a real server needs). Without Chromium the tests skip,
unless E2E_REQUIRED=1 (CI), where a missing browser fails."""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            # Static and media files are served by sync file iterators under ASGI (whitenoise, static.serve).
            item.add_marker(pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous"))


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def _free_port() -> int:
    if os.environ.get("E2E_PORT"):  # a fixed port, for machines where each engineer has a port range
        # one port per xdist worker (gw0 → E2E_PORT, gw1 → E2E_PORT + 1, …) so `-n 2` does not collide
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
        return int(os.environ["E2E_PORT"]) + (int(worker) if worker.isdigit() else 0)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_required():
    if _chromium_available():
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"E2E_REQUIRED=1 but Chromium was not found at {CHROMIUM}")
    pytest.skip(f"Chromium not found at {CHROMIUM}")


@pytest.fixture(scope="session")
def live_url(browser_required, django_db_setup, django_db_blocker):
    """Start uvicorn in a thread of this process and answer its base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        "config.asgi:application", host="127.0.0.1", port=port, lifespan="off", log_level="warning",
        ws_ping_interval=None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    with django_db_blocker.unblock():
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the live ASGI server did not start")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(browser_required):
    """One Chromium per test module (the sync API owns an event loop; keep it out of other modules' way)."""
    from playwright.sync_api import expect, sync_playwright

    # A shared, loaded 2-core machine: give live updates as long as page actions (10 s), not 5 s.
    expect.set_options(timeout=10_000)

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop marked as running in this thread for its whole life, so
        # Django would refuse the test's own ORM calls (setup rows, asserts, the flush after each test) as
        # "async unsafe". They are plain synchronous calls here; the server runs in its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()
        playwright.stop()


@pytest.fixture
def e2e(live_url, browser, transactional_db):
    """`e2e.context(...)` opens an isolated browser context (its own cookies) against the live server."""

    class Session:
        base_url = live_url

        def __init__(self):
            self.contexts = []

        def context(self, *, phone: bool = False, locale: str = "en-US"):
            # bypass_csp: Playwright's own wait_for_function evaluates strings, which the site's CSP (no eval)
            # refuses; the pages' scripts are static files either way, and tests/common/test_csp.py checks the header.
            options = {"base_url": live_url, "locale": locale, "timezone_id": "Asia/Shanghai", "bypass_csp": True}
            if phone:
                options.update(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
            context = browser.new_context(**options)
            context.set_default_timeout(10_000)
            self.contexts.append(context)
            return context

        def page(self, **kwargs):
            return self.context(**kwargs).new_page()

        def close(self):
            for context in self.contexts:
                context.close()

    session = Session()
    yield session
    session.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str) -> None:
    """Log in through the login form, as a person would, and wait for the live socket to be open."""
    page.goto("/accounts/login/")
    # By field names, so it works whatever the page's language.
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    wait_live(page)


def wait_live(page) -> None:
    page.wait_for_function("document.body.dataset.live === 'open'")


def off_loop(fn, /, *args, **kwargs):
    """Run `fn` in a worker thread: services that push after commit (async_to_sync) cannot run in the test's
    own thread, where Playwright's event loop is running."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def call():
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


WIDE, NARROW = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


def shots(page, name: str) -> None:
    """Issue 16: every page of a journey at 1280 px and 390 px (`<name>-1280.png`, `<name>-390.png`)."""
    before = page.viewport_size
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{size['width']}")
    if before:
        page.set_viewport_size(before)
