"""The whole plan-order path through both APIs: the buyer places a plan order (orders API), operators and a
reviewer underwrite it (underwrite API), the buyer pays (orders API), and then the result is final."""

from decimal import Decimal

import pytest

from orders.models import Order, OrderEvent
from tests.factories.orders import PromotionFactory
from tests.orders.conftest import SEED_PLANS, seed_catalog, seed_uuid  # noqa: F401 - seed_catalog is a fixture
from tests.orders.helpers import pay_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]


def test_place_underwrite_pay_then_the_result_is_final(user, user_api, api, client_for, operator,
                                                       reviewer):
    promotion = PromotionFactory(discount=Decimal("500.00"))
    placed = user_api.post(
        "/api/v1/orders/plan",
        {"vid": seed_uuid(0), "plans": SEED_PLANS, "qid": seed_uuid(0), "pmid": str(promotion.pk),
         "service_ratio": "0", "summary": 6000, "payment": "5500.00", "expect_at": "2030-01-01T00:00:00Z"},
        format="json",
    )
    assert placed.status_code == 201, placed.json()
    order_id, order_no = placed.json()["data"]["id"], placed.json()["data"]["order_no"]
    assert user_api.post(f"/api/v1/orders/{order_id}/pay").status_code == 409  # not underwritten yet

    ops, rev = client_for(operator), client_for(reviewer)
    created = ops.post("/api/v1/underwrites", {"oid": order_no, "plan_time": "2029-12-20T02:00:00Z",
                                                "validate_place": "东方银座"}, format="json")
    assert created.status_code == 201, created.json()
    uwid = created.json()["data"]["id"]
    assert created.json()["data"]["quotation"] == seed_uuid(0)
    assert user_api.get(f"/api/v1/orders/{order_id}").json()["data"]["state"] == "underwriting"

    assert ops.post(f"/api/v1/underwrites/{uwid}/fill", {"real_place": "东直门", "certificate_state": 2},
                    format="json").status_code == 200
    failed = rev.post(f"/api/v1/underwrites/{uwid}/result", {"underwrite_result": "未通过"}, format="json")
    assert failed.status_code == 200
    assert user_api.get(f"/api/v1/orders/{order_id}").json()["data"]["state"] == "rejected"
    passed = rev.patch(f"/api/v1/underwrites/{uwid}/result",
                       {"underwrite_result": "通过", "result_update_time": failed.json()["data"]["result_update_time"]},
                       format="json")
    assert passed.status_code == 200
    assert user_api.get(f"/api/v1/orders/{order_id}").json()["data"]["state"] == "underwritten"
    assert user_api.get(f"/api/v1/orders/{order_no}/underwrite").json()["data"]["state"] == "passed"

    pay_order(user_api, api, order_id)
    assert Order.objects.get(pk=order_id).state == Order.S.PAID
    late = rev.patch(f"/api/v1/underwrites/{uwid}/result",
                     {"underwrite_result": "failed", "result_update_time": passed.json()["data"]["result_update_time"]},
                     format="json")
    assert late.status_code == 409
    assert Order.objects.get(pk=order_id).state == Order.S.PAID
    types = list(OrderEvent.objects.filter(order_id=order_id).values_list("type", flat=True))
    assert types[:5] == ["placed", "underwrite_start", "underwrite_fail", "underwrite_pass", "payment_started"]
