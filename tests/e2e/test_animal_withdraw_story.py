"""Issue 16, seed 004 in the browser: a farm withdraws its animal from the animal's page (after a
confirmation) and a claimant's list no longer shows it; later the farm finds the withdrawn animal again from
its merchant menu ("My animals"), restores it, and the claimant can claim it again. axe on every page; shots
at 1280 and 390 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from community.models import Animal, AnimalEvent
from tests.e2e.conftest import log_in, shots
from tests.e2e.journeys import assert_accessible, menu, press_confirmed
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.community import AnimalFactory, MerchantFactory

pytestmark = pytest.mark.e2e


def test_farm_withdraws_and_restores_an_animal_the_claimant_sees_it_go_and_come_back(e2e):
    farm_merchant = MerchantFactory(user=UserFactory(username="farm", nickname="Farm"), business_name="Sunny Farm")
    daisy = AnimalFactory(merchant=farm_merchant, name="Daisy", species="alpaca", price=Decimal("800.00"))
    AnimalFactory(merchant=farm_merchant, name="Bella", species="goat", price=Decimal("300.00"))
    UserFactory(username="bea", nickname="Bea")

    farm = e2e.page()
    log_in(farm, "farm", TEST_PASSWORD)
    menu(farm, "Animals")
    assert_accessible(farm)
    farm.get_by_role("link", name="Daisy").click()
    expect(farm.get_by_test_id("animal-status")).to_have_text("available")
    assert_accessible(farm)
    shots(farm, "016-animal-farm")

    claimant = e2e.page()
    log_in(claimant, "bea", TEST_PASSWORD)
    menu(claimant, "Animals")
    expect(claimant.get_by_role("link", name="Daisy")).to_be_visible()

    asked = press_confirmed(farm, "Withdraw")
    expect(farm.get_by_test_id("animal-status")).to_have_text("unavailable")
    assert asked and "Withdraw this animal?" in asked[0]
    expect(farm.get_by_role("status")).to_contain_text("The animal is withdrawn.")
    expect(farm.get_by_role("button", name="Make available again")).to_be_visible()
    assert_accessible(farm)
    shots(farm, "016-animal-withdrawn")

    # The claimant's list no longer offers Daisy; Bella is still there.
    menu(claimant, "Animals")
    expect(claimant.get_by_role("link", name="Bella")).to_be_visible()
    expect(claimant.get_by_role("link", name="Daisy")).to_have_count(0)
    shots(claimant, "016-animals-without-daisy")

    # Later: the farm starts from the home page and finds its withdrawn animal through its merchant menu.
    farm.get_by_role("link", name="Tradepost").first.click()
    menu(farm, "Merchant")
    farm.get_by_role("link", name="My animals").click()
    mine = farm.get_by_test_id("my-animals")
    expect(mine.get_by_test_id(f"my-animal-{daisy.pk}")).to_contain_text("unavailable")
    assert_accessible(farm)
    shots(farm, "016-my-animals")
    mine.get_by_role("link", name="Daisy").click()
    asked = press_confirmed(farm, "Make available again")
    expect(farm.get_by_test_id("animal-status")).to_have_text("available")
    assert asked and "available for claiming again" in asked[0]
    expect(farm.get_by_role("status")).to_contain_text("The animal is available again.")
    expect(farm.get_by_role("button", name="Withdraw")).to_be_visible()
    shots(farm, "016-animal-restored")

    # The claimant sees Daisy again and can go on to claim her.
    menu(claimant, "Animals")
    claimant.get_by_role("link", name="Daisy").click()
    expect(claimant.get_by_role("link", name="Claim for ¥800.00")).to_be_visible()
    assert_accessible(claimant)
    shots(claimant, "016-animal-back-for-claimant")

    daisy.refresh_from_db()
    assert daisy.status == Animal.Status.AVAILABLE
    assert list(AnimalEvent.objects.filter(animal=daisy).order_by("id").values_list("type", flat=True))[-2:] == [
        "withdraw", "restore"]
