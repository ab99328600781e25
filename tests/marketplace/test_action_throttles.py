"""Issue 13 item 7: throttles that belong to an action are counted in the service, so every door shares
them — `want` through the API, the item page and the seed-000 route; `apply` through the API per address."""

import pytest
from django.test import Client

from marketplace.models import Trade
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rate(scope, rate):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**current, scope: rate}}

    return set_rate


def test_want_is_counted_across_api_page_and_legacy_doors(rates, api):
    rates("want", "3/min")
    buyer = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(buyer)}")
    page = Client()
    page.force_login(buyer)
    assert api.post(f"/api/v1/items/{ItemFactory().pk}/want").status_code == 201
    page.post(f"/items/{ItemFactory().pk}/want/")
    assert api.post("/api/v1/trades", {"item": ItemFactory().pk}, format="json").status_code == 201
    assert Trade.objects.filter(buyer=buyer).count() == 3
    # the fourth, through any door, is refused
    assert api.post(f"/api/v1/items/{ItemFactory().pk}/want").status_code == 429
    page.post(f"/items/{ItemFactory().pk}/want/")
    assert Trade.objects.filter(buyer=buyer).count() == 3
    # another buyer is not affected
    other = Client()
    other.force_login(UserFactory())
    other.post(f"/items/{ItemFactory().pk}/want/")
    assert Trade.objects.exclude(buyer=buyer).count() == 1


def test_apply_is_counted_per_address_in_the_service(rates, api):
    from merchants.services.website import application_submit

    rates("apply", "2/hour")
    data = {"business_name": "Farm", "contact_person": "Zhang", "contact_phone": "13800138000"}
    for _ in range(2):
        response = api.post("/api/v1/website/merchant/apply", data, format="json", REMOTE_ADDR="198.51.100.77")
        assert response.status_code == 200
    response = api.post("/api/v1/website/merchant/apply", data, format="json", REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 429
    from common.errors import RateLimited

    with pytest.raises(RateLimited):
        application_submit(data=data, ip_address="198.51.100.77")
    assert api.post("/api/v1/website/merchant/apply", data, format="json",
                    REMOTE_ADDR="198.51.100.78").status_code == 200
