"""The live client: a dropped socket reconnects by itself and catches up with `sync`; the header badge
counts unread messages live on any page; the inbox works at phone width."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, wait_live
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def test_dropped_socket_reconnects_and_catches_up_with_sync(e2e):
    ann = UserFactory(username="ann", nickname="Ann")
    ben = UserFactory(username="ben", nickname="Ben")
    reader, writer = e2e.page(), e2e.page(phone=True)
    log_in(reader, "ann", TEST_PASSWORD)
    log_in(writer, "ben", TEST_PASSWORD)
    reader.goto(f"/inbox/{ben.pk}/")
    writer.goto(f"/inbox/{ann.pk}/")
    wait_live(reader)
    wait_live(writer)

    # Ann's network drops for a while; Ben writes meanwhile (stored, but nobody is listening on Ann's side).
    reader.evaluate("window.Tradepost.dropSocket(2500)")
    reader.wait_for_function("document.body.dataset.live === 'closed'")
    writer.get_by_label("Message", exact=True).fill("sent while you were offline")
    writer.get_by_role("button", name="Send").click()
    expect(writer.locator("#thread")).to_contain_text("sent while you were offline")
    expect(reader.locator("#thread")).not_to_contain_text("sent while you were offline")

    # The socket comes back on its own and `sync` delivers what was missed, once.
    wait_live(reader)
    expect(reader.locator("#thread")).to_contain_text("sent while you were offline")
    expect(reader.locator("#thread li", has_text="sent while you were offline")).to_have_count(1)


def test_unread_badge_counts_live_on_other_pages(e2e):
    cat_user = UserFactory(username="cat", nickname="Cat")
    UserFactory(username="dan", nickname="Dan")
    cat, dan_page = e2e.page(), e2e.page()
    log_in(cat, "cat", TEST_PASSWORD)
    log_in(dan_page, "dan", TEST_PASSWORD)
    cat.goto("/")  # the market, not the thread
    wait_live(cat)
    badge = cat.locator("#unread-badge")
    expect(badge).to_have_attribute("data-count", "0")
    dan_page.goto(f"/inbox/{cat_user.pk}/")
    wait_live(dan_page)
    for text in ("one", "two"):
        dan_page.get_by_label("Message", exact=True).fill(text)
        dan_page.get_by_role("button", name="Send").click()
        expect(dan_page.locator("#thread")).to_contain_text(text)
    expect(badge).to_have_attribute("data-count", "2")
    # Opening the conversation reads it; the badge drops to zero.
    cat.goto("/inbox/")
    cat.get_by_role("link", name="Dan").click()
    expect(cat.locator("#thread")).to_contain_text("two")
    expect(cat.locator("#unread-badge")).to_have_attribute("data-count", "0")
