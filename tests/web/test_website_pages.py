"""Issue 16, seed 004 §2.5 on the site: the public merchant application and the success cases, linked from
the home page."""

import pytest
from django.conf import settings

from common.throttle import rate_parse
from merchants.models import MerchantApplication, SuccessCase

pytestmark = pytest.mark.django_db


def test_home_links_the_application_and_the_cases(client):
    html = client.get("/").content.decode()
    assert 'href="/become-a-merchant/"' in html and 'href="/cases/"' in html


def test_apply_without_an_account(client):
    response = client.post("/become-a-merchant/", {"business_name": "Green Farm", "merchant_type": "farm_owner",
                                                  "contact_person": "Wang", "contact_phone": "13800000000",
                                                  "email": "wang@example.com", "description": "Goats"})
    assert response.status_code == 302 and response.url == "/become-a-merchant/sent/"
    application = MerchantApplication.objects.get()
    assert application.business_name == "Green Farm" and application.status == "pending"
    assert application.ip_address == "127.0.0.1"
    assert "Thank you" in client.get(response.url).content.decode()


def test_a_bad_phone_is_a_field_error(client):
    response = client.post("/become-a-merchant/", {"business_name": "X", "contact_person": "Y",
                                                  "contact_phone": "call me"})
    assert response.status_code == 200 and "contact_phone" in response.context["form"].errors
    assert not MerchantApplication.objects.exists()


def test_cases_page_lists_published_cases_only(client):
    SuccessCase.objects.create(title="Goats to market", state="published")
    SuccessCase.objects.create(title="A draft", state="draft")
    html = client.get("/cases/").content.decode()
    assert "Goats to market" in html and "A draft" not in html


def test_the_apply_throttle_refuses_the_page_past_the_rate_with_a_clear_message(client):
    limit, _period = rate_parse(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["apply"])
    form = {"business_name": "Green Farm", "merchant_type": "farm_owner", "contact_person": "Wang",
            "contact_phone": "13800000000", "email": "wang@example.com", "description": "Goats"}
    for _n in range(limit):
        assert client.post("/become-a-merchant/", form).status_code == 302
    response = client.post("/become-a-merchant/", form)
    assert response.status_code == 200 and MerchantApplication.objects.count() == limit
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and errors[0].startswith("Too many requests; try again in")
    assert "Too many requests" in response.content.decode()
