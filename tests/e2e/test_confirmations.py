"""Withdraw, reject all, claim and cancel ask for confirmation first: dismissing changes nothing."""

import pytest
from playwright.sync_api import expect

from marketplace.models import Item
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.e2e


def test_withdraw_asks_first(e2e):
    seller = UserFactory(username="wendy", nickname="Wendy")
    item = ItemFactory(seller=seller, title="Old radio")
    page = e2e.page()
    log_in(page, "wendy", TEST_PASSWORD)
    page.goto(f"/items/{item.pk}/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Withdraw").click()
    page.wait_for_timeout(300)
    assert asked and "Withdraw this item" in asked[0]
    item.refresh_from_db()
    assert item.state == Item.State.ON_SALE

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("button", name="Withdraw")).to_have_count(0)
    item.refresh_from_db()
    assert item.state != Item.State.ON_SALE
