"""`GET orders` (buyer and merchant, filters, page/size and offset/limit), detail, events; SQL queries per list
request are constant in the page size."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders import services
from tests.factories import UserFactory
from tests.factories.orders import ApprovedMerchantFactory, ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db


def product_orders(buyer, count, merchant=None):
    product = ProductFactory(merchant=merchant or ApprovedMerchantFactory(), price=Decimal("10.00"))
    return [services.product_order_place(buyer=buyer, items=[{"product": product.pk, "quantity": 2}])
            for _ in range(count)]


def exchange_order(buyer, merchant):
    return services.exchange_order_place(buyer=buyer, merchant_id=merchant.pk, direction="buy",
                                         amount=Decimal("5"), rate=Decimal("1"))


def test_list_as_buyer_and_as_merchant_newest_update_first(user, user_api, client_for):
    merchant = ApprovedMerchantFactory()
    mine = product_orders(user, 2, merchant)
    sold = exchange_order(merchant.user, ApprovedMerchantFactory(user=user))  # user is the merchant here
    product_orders(UserFactory(), 1)  # someone else's
    services.order_cancel(order_id=mine[0].pk, actor=user)  # updated last
    data = user_api.get("/api/v1/orders").json()["data"]
    assert [o["id"] for o in data["list"]] == [str(mine[0].pk), str(sold.pk), str(mine[1].pk)]
    assert data["pagination"] == {"page": 1, "size": 10, "total": 3}
    assert client_for(merchant.user).get("/api/v1/orders").json()["data"]["pagination"]["total"] == 3
    assert user_api.get("/api/v1/orders?role=merchant").json()["data"]["pagination"]["total"] == 1
    assert user_api.get("/api/v1/orders?kind=exchange").json()["data"]["list"][0]["id"] == str(sold.pk)
    states = user_api.get("/api/v1/orders?state=cancelled,open").json()["data"]["list"]
    assert {o["state"] for o in states} == {"cancelled", "open"}
    assert user_api.get("/api/v1/orders?kind=boat").status_code == 400
    assert user_api.get("/api/v1/orders?state=nope").status_code == 400


def test_page_size_and_offset_limit(user, user_api):
    orders = product_orders(user, 5)
    newest_first = [str(o.pk) for o in reversed(orders)]
    page = user_api.get("/api/v1/orders?page=2&size=2").json()["data"]
    assert [o["id"] for o in page["list"]] == newest_first[2:4]
    assert page["pagination"] == {"page": 2, "size": 2, "total": 5}
    window = user_api.get("/api/v1/orders?offset=3&limit=2").json()["data"]
    assert [o["id"] for o in window["list"]] == newest_first[3:5]


@pytest.mark.parametrize("kind", ["product", "exchange"])
def test_list_queries_constant_in_page_size(user, user_api, kind, settings):
    settings.REDIS_URL = ""  # the database path (the cache path is tested in test_order_cache)
    merchant = ApprovedMerchantFactory()
    for _ in range(12):
        if kind == "product":
            product_orders(user, 1, merchant)
        else:
            exchange_order(user, merchant)

    def count(size):
        with CaptureQueriesContext(connection) as ctx:
            response = user_api.get(f"/api/v1/orders?size={size}&kind={kind}")
        assert len(response.json()["data"]["list"]) == size
        return len(ctx.captured_queries)

    assert count(2) == count(12) <= 6


def test_detail_events_and_visibility(user, user_api, client_for):
    order = product_orders(user, 1)[0]
    detail = user_api.get(f"/api/v1/orders/{order.pk}").json()["data"]
    for key in ("id", "order_no", "kind", "state", "state_code", "buyer", "merchant", "summary", "payment",
                "items", "available_actions", "created_at", "updated_at"):
        assert key in detail
    assert detail["summary"] == "20.00" and detail["items"][0]["quantity"] == 2
    assert user_api.get(f"/api/v1/orders/{order.order_no}").json()["data"]["id"] == str(order.pk)
    events = user_api.get(f"/api/v1/orders/{order.pk}/events").json()["data"]
    assert [e["type"] for e in events["list"]] == ["placed"] and events["list"][0]["actor"] == user.pk
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/orders/{order.pk}").status_code == 404
    assert stranger.get(f"/api/v1/orders/{order.pk}/events").status_code == 404
    assert client_for(staff_user("admin")).get(f"/api/v1/orders/{order.pk}").status_code == 200
    assert user_api.get("/api/v1/orders/not-an-order").status_code == 404


def test_anonymous_is_401(api):
    assert api.get("/api/v1/orders").status_code == 401


def test_detail_query_budget(user, user_api, django_assert_max_num_queries):
    order = product_orders(user, 1)[0]
    with django_assert_max_num_queries(5):  # auth user, order + joins, items, driver-ext prefetch, payments
        assert user_api.get(f"/api/v1/orders/{order.pk}").status_code == 200
