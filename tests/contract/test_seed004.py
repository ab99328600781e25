"""Seed 004 section 2 replayed: each request example (with its own values) against our API, and each
answer checked key by key against the seed's response example, envelope and pagination included.

The merchant registration and website calls (§2.4 `merchants/register`, §2.5) are in
tests/contract/test_seed004_staff.py."""

from decimal import Decimal

import pytest

from merchants.models import Merchant
from orders.models import Order
from tests.contract import seed004 as seed
from tests.contract.shape import assert_echoes, assert_shape
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory

pytestmark = pytest.mark.django_db


def check(response, example, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert_shape(body, example["response"])
    assert body["code"] == 0 and body["message"] == "success"
    return body["data"]


def check_page(data, example):
    assert set(data) == {"list", "pagination"}
    assert data["pagination"] == example["response"]["data"]["pagination"]


def test_2_1_user_login(api):
    data = check(api.post("/api/v1/users/login", seed.USER_LOGIN["request"], format="json"), seed.USER_LOGIN)
    # the token is a usable Bearer token
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {data['token']}")
    assert api.get("/api/v1/users/profile").status_code == 200


def test_2_1_user_profile_put_then_get(api):
    # a seed-004 user signs in with WeChat, so it has an openid
    token = api.post("/api/v1/users/login", seed.USER_LOGIN["request"], format="json").json()["data"]["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    check(api.put("/api/v1/users/profile", seed.USER_PROFILE_PUT["request"], format="json"), seed.USER_PROFILE_PUT)
    data = check(api.get("/api/v1/users/profile"), seed.USER_PROFILE_GET)
    assert_echoes(data, seed.USER_PROFILE_PUT["request"])
    assert data["openid"]


def test_2_2_travel_plans_create_list_and_match(user, user_api, client_for):
    data = check(user_api.post("/api/v1/travels/plans", seed.TRAVEL_PLAN_CREATE["request"], format="json"),
                 seed.TRAVEL_PLAN_CREATE, status=201)
    assert_echoes(data, seed.TRAVEL_PLAN_CREATE["request"])
    plan_id = data["id"]

    listing = check(user_api.get(f"/api/v1/travels/plans?{seed.TRAVEL_PLAN_LIST['query']}"), seed.TRAVEL_PLAN_LIST)
    check_page(listing, seed.TRAVEL_PLAN_LIST)
    assert listing["list"][0]["id"] == plan_id

    # the seed's match: another user's plan with the example's values
    example = seed.TRAVEL_MATCHES["response"]["data"]["list"][0]
    partner = UserFactory()
    other_plan = client_for(partner).post("/api/v1/travels/plans", {
        key: example[key] for key in ("destination", "start_date", "end_date", "budget", "interests")},
        format="json").json()["data"]
    query = seed.TRAVEL_MATCHES["query"].replace("plan_id=1", f"plan_id={plan_id}")
    matches = check(user_api.get(f"/api/v1/travels/matches?{query}"), seed.TRAVEL_MATCHES)
    check_page(matches, seed.TRAVEL_MATCHES)
    match = matches["list"][0]
    assert match["id"] == other_plan["id"] and match["user_id"] == partner.pk
    assert 0 < match["match_score"] <= 1
    assert_echoes(match, {key: example[key] for key in ("destination", "start_date", "end_date", "budget", "interests")})


def test_2_3_animals_list_claim_and_claims(user_api, client_for):
    farm = MerchantFactory(merchant_type=Merchant.Type.FARM_OWNER)
    example = seed.ANIMAL_LIST["response"]["data"]["list"][0]
    farm_api = client_for(farm.user)
    created = farm_api.post("/api/v1/animals", {k: v for k, v in example.items() if k not in ("id", "merchant_id", "status")},
                            format="json")
    assert created.status_code == 201

    listing = check(user_api.get(f"/api/v1/animals?{seed.ANIMAL_LIST['query']}"), seed.ANIMAL_LIST)
    check_page(listing, seed.ANIMAL_LIST)
    row = listing["list"][0]
    assert_echoes(row, {k: v for k, v in example.items() if k not in ("id", "merchant_id")})
    assert row["merchant_id"] == farm.pk

    claim = check(user_api.post(f"/api/v1/animals/{row['id']}/claim", seed.ANIMAL_CLAIM["request"], format="json"),
                  seed.ANIMAL_CLAIM, status=201)
    assert claim["status"] == "active" and claim["animal_id"] == row["id"]
    assert_echoes(claim, seed.ANIMAL_CLAIM["request"])
    assert user_api.get(claim["agreement_url"]).status_code == 200

    claims = check(user_api.get(f"/api/v1/animals/claims?{seed.ANIMAL_CLAIMS['query']}"), seed.ANIMAL_CLAIMS)
    check_page(claims, seed.ANIMAL_CLAIMS)
    assert claims["list"][0]["animal_name"] == "小羊驼"
    # GET animals/{id} (DESIGN §4) gives one animal in the list's shape, now claimed
    one = check(user_api.get(f"/api/v1/animals/{row['id']}"),
                {"response": {"code": 0, "message": "success", "data": example}})
    assert one["status"] == "claimed"


def test_2_4_merchant_products_and_orders(client_for):
    merchant = MerchantFactory()
    merchant_api = client_for(merchant.user)
    data = check(merchant_api.post("/api/v1/merchants/products", seed.MERCHANT_PRODUCT_CREATE["request"], format="json"),
                 seed.MERCHANT_PRODUCT_CREATE, status=201)
    assert_echoes(data, seed.MERCHANT_PRODUCT_CREATE["request"])
    assert data["merchant_id"] == merchant.pk

    example = seed.MERCHANT_ORDERS["response"]["data"]["list"][0]
    buyer = UserFactory()
    Order.objects.create(kind="product", state=example["status"], buyer=buyer, merchant=merchant,
                         order_no=example["order_number"], summary=Decimal("1000.00"), payment=Decimal("1000.00"))
    Order.objects.create(kind="product", state="completed", buyer=buyer, merchant=merchant, order_no="ORD202309010002",
                         summary=1, payment=1)
    orders = check(merchant_api.get(f"/api/v1/merchants/orders?{seed.MERCHANT_ORDERS['query']}"), seed.MERCHANT_ORDERS)
    check_page(orders, seed.MERCHANT_ORDERS)
    row = orders["list"][0]
    assert row["user_id"] == buyer.pk
    assert_echoes(row, {key: example[key] for key in ("order_number", "total_amount", "status")})
