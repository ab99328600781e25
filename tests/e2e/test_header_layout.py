"""The header fits one line at 1280 px (logged in, in English and in Chinese) and collapses behind a menu
button on a phone."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

ONE_LINE = """() => {
  const tops = [...document.querySelectorAll('.site-header .brand, .site-header .nav > li, .site-header .lang')]
    .map((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
  return Math.max(...tops) - Math.min(...tops);
}"""


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_header_is_one_line_at_1280(e2e, locale):
    UserFactory(username="harriet_longname", nickname="Harriet Longname")
    context = e2e.context(locale=locale)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "harriet_longname", TEST_PASSWORD)
    page.goto("/")
    assert page.evaluate(ONE_LINE) <= 8  # every header element on one row
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, f"header-1280-{locale}")


def test_header_collapses_on_a_phone(e2e):
    UserFactory(username="pat", nickname="Pat")
    page = e2e.page(phone=True)
    log_in(page, "pat", TEST_PASSWORD)
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] * 0.12
    notifications = page.get_by_test_id("notifications-link")
    expect(notifications).to_be_hidden()
    screenshot(page, "header-phone-closed")
    page.get_by_role("button", name="Menu").click()
    expect(notifications).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "header-phone-open")
    notifications.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
