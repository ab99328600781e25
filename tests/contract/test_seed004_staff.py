"""Seed 004 §2.4 `merchants/register` and §2.5 website calls replayed with the seed's own values and
checked key by key against its response examples (the staff issue's endpoints)."""

import pytest

from merchants.models import Merchant
from tests.contract import seed004 as seed
from tests.contract.shape import assert_echoes, assert_shape

pytestmark = pytest.mark.django_db


def check(response, example, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert_shape(body, example["response"])
    assert body["code"] == 0 and body["message"] == "success"
    return body["data"]


def test_2_4_merchant_register(user, user_api):
    data = check(user_api.post("/api/v1/merchants/register", seed.MERCHANT_REGISTER["request"], format="json"),
                 seed.MERCHANT_REGISTER, 201)
    assert_echoes(data, seed.MERCHANT_REGISTER["request"])
    assert data["status"] == "pending" and data["user_id"] == user.pk
    assert Merchant.objects.get(pk=data["id"]).status == "pending"


def test_2_5_website_merchant_apply(api):
    data = check(api.post("/api/v1/website/merchant/apply", seed.WEBSITE_MERCHANT_APPLY["request"], format="json"),
                 seed.WEBSITE_MERCHANT_APPLY, 200)
    assert_echoes(data, seed.WEBSITE_MERCHANT_APPLY["request"])
    assert data["status"] == "pending"


def test_2_5_website_cases(api):
    from merchants.models import SuccessCase

    example = seed.WEBSITE_CASES["response"]["data"]["list"][0]
    SuccessCase.objects.create(title=example["title"], description=example["description"],
                               image_url=example["image_url"], state="published")
    data = check(api.get(f"/api/v1/website/cases?{seed.WEBSITE_CASES['query']}"), seed.WEBSITE_CASES, 200)
    assert data["pagination"] == seed.WEBSITE_CASES["response"]["data"]["pagination"]
    assert_echoes(data["list"][0], {key: example[key] for key in ("title", "description", "image_url")})
