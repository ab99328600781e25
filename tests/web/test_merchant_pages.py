"""The merchant page: apply, see the review status, re-apply after a rejection."""

import pytest

from marketplace.models import Merchant
from marketplace.services.merchants import merchant_reject
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "merchant_type": "flower_shop", "business_name": "Rose Corner", "contact_person": "Li Lei",
    "contact_phone": "13800001111", "address": "1 Garden Rd", "description": "Fresh flowers",
}


def test_apply_creates_a_pending_merchant(client, user):
    client.force_login(user)
    assert client.get("/merchant/").context["form"] is not None
    response = client.post("/merchant/", APPLICATION)
    assert response.status_code == 302
    merchant = Merchant.objects.get(user=user)
    assert (merchant.status, merchant.business_name, merchant.contact_phone) == ("pending", "Rose Corner", "13800001111")
    page = client.get("/merchant/")
    assert page.context["form"] is None  # no second application while one is pending
    assert "pending" in page.content.decode()


def test_apply_errors_show_next_to_fields_and_create_nothing(client, user):
    client.force_login(user)
    response = client.post("/merchant/", {**APPLICATION, "contact_phone": "abc", "business_name": ""})
    assert set(response.context["form"].errors) == {"contact_phone", "business_name"}
    assert not Merchant.objects.exists()


def test_rejected_applicant_can_apply_again(client, user):
    client.force_login(user)
    client.post("/merchant/", APPLICATION)
    merchant = Merchant.objects.get(user=user)
    reviewer = UserFactory(is_staff=True, is_superuser=True)
    merchant_reject(merchant_id=merchant.pk, actor=reviewer, reason="Licence unreadable")
    page = client.get("/merchant/")
    assert "Licence unreadable" in page.content.decode() and page.context["form"] is not None
    assert page.context["form"].initial["business_name"] == "Rose Corner"
    client.post("/merchant/", {**APPLICATION, "business_license": "https://example.com/licence.png"})
    merchant.refresh_from_db()
    assert merchant.status == "pending" and merchant.business_license == "https://example.com/licence.png"
