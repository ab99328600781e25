"""Seed 000 played in a real browser: a seller and two buyers in three browser contexts, by clicking.

The seller's accept appears on the buyer's open page without a reload; a chat message typed in one context
appears in the other; phone-width screenshots of home and item pages land in test-artifacts/."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from marketplace.models import Item, Trade
from tests.e2e.conftest import log_in, screenshot, shots
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_seed_000_story_seller_and_two_buyers(e2e, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="alice", nickname="Alice")
    bob = UserFactory(username="bob", nickname="Bob")
    UserFactory(username="carol", nickname="Carol")

    seller = e2e.page()
    log_in(seller, "alice", TEST_PASSWORD)
    seller.get_by_role("link", name="Sell").click()
    seller.get_by_label("Title").fill("Desk lamp")
    seller.get_by_label("Category").fill("home")
    seller.get_by_label("Price").fill("35.50")
    seller.get_by_label("Condition").fill("90% new")
    seller.get_by_label("Description").fill("Warm light, barely used.")
    seller.get_by_label("Photos").set_input_files([{"name": "lamp.png", "mimeType": "image/png", "buffer": png_bytes()}])
    seller.get_by_role("button", name="Put on sale").click()
    expect(seller.get_by_role("heading", level=1)).to_have_text("Desk lamp")
    item_path = re.search(r"/items/\d+/", seller.url).group(0)
    shots(seller, "000-item-seller")
    item = Item.objects.get(title="Desk lamp")
    assert item.images.count() == 1

    buyer = e2e.page()
    log_in(buyer, "bob", TEST_PASSWORD)
    buyer.goto(item_path)
    buyer.get_by_role("button", name="I want to buy").click()
    expect(buyer.get_by_test_id("my-trade-status")).to_contain_text("Waiting for the seller")

    other = e2e.page(phone=True)
    log_in(other, "carol", TEST_PASSWORD)
    # Phone width: the home grid with the lamp on it; nothing overflows sideways.
    other.goto("/")
    expect(other.get_by_role("link", name=re.compile("Desk lamp"))).to_be_visible()
    assert other.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(other, "phone-home")
    other.get_by_role("link", name=re.compile("Desk lamp")).click()
    other.get_by_role("button", name="I want to buy").click()
    expect(other.get_by_test_id("my-trade-status")).to_contain_text("Waiting for the seller")

    # The seller's page (opened before the wants) lists both buyers without a reload.
    expect(seller.get_by_test_id("want-bob")).to_be_visible()
    expect(seller.get_by_test_id("want-carol")).to_be_visible()
    shots(seller, "000-item-wants")
    buyer.evaluate("window.__noReload = true")  # gone if Bob's page reloads
    seller.get_by_test_id("want-bob").get_by_role("button", name="Accept").click()
    expect(seller.get_by_test_id("item-state")).to_have_text("reserved")

    # Bob's open page shows the acceptance live (no reload: the live region is re-fetched on the push).
    expect(buyer.get_by_test_id("my-trade-status")).to_contain_text("reserved for you")
    assert buyer.evaluate("window.__noReload === true")
    expect(buyer.locator("#notice-badge")).to_have_attribute("data-count", "1")  # the seller's notice

    # Chat: Bob writes to the seller; it appears in the seller's open thread, and the reply in Bob's.
    seller.goto(f"/inbox/{bob.pk}/")
    buyer.get_by_role("link", name="Message the seller").click()
    buyer.wait_for_function("document.body.dataset.live === 'open'")
    seller.wait_for_function("document.body.dataset.live === 'open'")
    buyer.get_by_label("Message", exact=True).fill("Can we meet at the library at 5?")
    buyer.get_by_role("button", name="Send").click()
    expect(seller.locator("#thread")).to_contain_text("Can we meet at the library at 5?")
    seller.get_by_label("Message", exact=True).fill("Yes, see you there.")
    seller.get_by_role("button", name="Send").click()
    expect(buyer.locator("#thread")).to_contain_text("Yes, see you there.")
    shots(buyer, "000-thread")

    # Handover: the seller confirms, Bob confirms receipt; the item is sold and Carol is told live.
    seller.goto(item_path)
    seller.get_by_test_id("want-bob").get_by_role("button", name="Confirm handover").click()
    buyer.goto(item_path)
    buyer.get_by_role("button", name="Confirm receipt").click()
    expect(buyer.get_by_test_id("my-trade-status")).to_contain_text("You bought this item.")
    expect(other.get_by_test_id("item-state")).to_have_text("sold")
    expect(other.get_by_test_id("my-trade-status")).to_contain_text("sold to someone else")
    item.refresh_from_db()
    assert item.state == Item.State.SOLD and item.reserved_for == bob
    assert Trade.objects.get(item=item, buyer__username="carol").cancel_reason == Trade.CancelReason.ITEM_SOLD

    shots(buyer, "000-item-bought")
    # Issue 16: Alice's listings show the lamp as sold; her trades link to the chat with Bob.
    seller.goto("/")
    seller.get_by_role("link", name="My listings").click()
    seller.get_by_role("link", name="Sold").click()
    expect(seller.get_by_test_id("my-listings")).to_contain_text("Desk lamp")
    shots(seller, "000-my-listings")
    seller.goto("/trades/?tab=inactive")
    seller.get_by_role("link", name="Message Bob").click()
    expect(seller.locator("#thread")).to_contain_text("Can we meet at the library at 5?")
    shots(seller, "000-trades-to-chat")
    # Phone width: the item page as Carol sees it now.
    assert other.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(other, "phone-item")
