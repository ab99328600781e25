"""Seed 004 beyond the shop, in the browser (issue 16): a visitor applies to become a merchant from the home
page; a farm lists an animal; a user claims it after a confirmation (price, period, agreement) and reaches
the agreement; the farm's update appears on the claimant's open animal page without a reload; two users
plan a trip, one invites the other (the button shows the state, no second invitation) and the acceptance
appears live on the inviter's page. Screenshots of every page at 1280 and 390 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from community.models import Animal, AnimalClaim, AnimalUpdate
from merchants.models import MerchantApplication
from tests.e2e.conftest import log_in, shots, wait_live
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.community import MerchantFactory, TravelPlanFactory
from travel.models import Invitation

pytestmark = pytest.mark.e2e


def test_seed_004_apply_claim_with_agreement_updates_and_travel_invitation(e2e, settings):
    MerchantFactory(user=UserFactory(username="farm", nickname="Farm"), business_name="Sunny Farm")
    bea, cai = UserFactory(username="bea", nickname="Bea"), UserFactory(username="cai", nickname="Cai")

    visitor = e2e.page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Become a merchant").click()
    visitor.get_by_label("Business name").fill("Green Hills")
    visitor.get_by_label("Contact person").fill("Wang")
    visitor.get_by_label("Contact phone").fill("13800000000")
    visitor.get_by_label("What you would sell").fill("Goat cheese")
    shots(visitor, "004b-apply")
    visitor.get_by_role("button", name="Send application").click()
    expect(visitor.get_by_test_id("apply-done")).to_contain_text("Thank you")
    shots(visitor, "004b-apply-done")
    visitor.get_by_role("link", name="See our success cases").click()
    shots(visitor, "004b-cases")
    assert MerchantApplication.objects.get().business_name == "Green Hills"

    farm = e2e.page()
    log_in(farm, "farm", TEST_PASSWORD)
    farm.goto("/merchant/")
    farm.get_by_role("link", name="List an animal").click()
    farm.get_by_label("Name").fill("Daisy")
    farm.get_by_label("Species").fill("alpaca")
    farm.get_by_label("Claim price").fill("800")
    shots(farm, "004b-animal-new")
    farm.get_by_role("button", name="List for claiming").click()
    animal = Animal.objects.get(name="Daisy")
    farm.wait_for_url(f"**/animals/{animal.pk}/")

    claimant = e2e.page()
    log_in(claimant, "bea", TEST_PASSWORD)
    claimant.goto("/animals/")
    claimant.get_by_role("link", name="Daisy").click()
    claimant.get_by_role("link", name="Claim for ¥800.00").click()
    expect(claimant.get_by_test_id("claim-terms")).to_contain_text("¥800.00")
    expect(claimant.get_by_test_id("claim-terms")).to_contain_text(f"{settings.CLAIM_DAYS} days")
    shots(claimant, "004b-claim-confirm")
    claimant.get_by_label("I accept the claim agreement").check()
    claimant.get_by_role("button", name="Confirm the claim for ¥800.00").click()
    expect(claimant.get_by_test_id("my-claim")).to_contain_text("active")
    wait_live(claimant)
    claimant.evaluate("window.__noReload = true")

    farm.reload()
    farm.get_by_label("News").fill("Daisy was sheared today.")
    farm.get_by_role("button", name="Post update").click()
    expect(claimant.get_by_test_id("animal-updates")).to_contain_text("Daisy was sheared today.")
    assert claimant.evaluate("window.__noReload === true")
    shots(claimant, "004b-animal-claimed")
    shots(farm, "004b-animal-farm")
    claimant.get_by_test_id("agreement-link").click()
    expect(claimant.locator("#agreement-no")).to_be_visible()
    shots(claimant, "004b-agreement")

    # Travel: Bea invites Cai; the button shows "Invited"; Cai accepts; Bea's open page shows it live.
    mine = TravelPlanFactory(user=bea, destination="Dali")
    theirs = TravelPlanFactory(user=cai, destination="Dali")
    claimant.goto(f"/travel/plans/{mine.pk}/")
    claimant.get_by_test_id(f"invite-state-{theirs.pk}").click()
    expect(claimant.get_by_test_id(f"invite-state-{theirs.pk}")).to_have_text("Invited · waiting for an answer")
    expect(claimant.get_by_test_id(f"invite-state-{theirs.pk}")).to_be_disabled()
    shots(claimant, "004b-travel-invited")
    wait_live(claimant)
    claimant.evaluate("window.__noReload = true")
    companion = e2e.page(phone=True)
    log_in(companion, "cai", TEST_PASSWORD)
    companion.goto("/travel/")
    shots(companion, "004b-travel-invitation")
    companion.get_by_role("button", name="Accept").click()
    expect(claimant.get_by_test_id(f"invite-state-{theirs.pk}")).to_have_text("Travelling together")
    assert claimant.evaluate("window.__noReload === true")
    shots(claimant, "004b-travel-together")

    claim = AnimalClaim.objects.get(user=bea)
    assert claim.status == "active" and claim.price_paid == Decimal("800.00")
    assert AnimalUpdate.objects.get(animal=animal).content == "Daisy was sheared today."
    assert Invitation.objects.get().state == "accepted" and Invitation.objects.count() == 1
