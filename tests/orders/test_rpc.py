"""Seed-002 order calls over JSON-RPC 2.0 with the seed's own example arguments."""

from decimal import Decimal

import pytest

from orders import services
from orders.models import Order
from tests.factories import UserFactory
from tests.factories.orders import PromotionFactory
from tests.factories.staff import staff_user
from tests.orders.conftest import SEED_PLANS, seed_uuid

pytestmark = pytest.mark.django_db


def rpc(client, method, *params, rpc_id=1):
    response = client.post("/api/rpc", {"jsonrpc": "2.0", "id": rpc_id, "method": method, "params": list(params)},
                           format="json")
    assert response.status_code == 200
    return response.json()


# The seed's examples, verbatim (pmid is undefined in the seed's JavaScript, which JSON sends as null).
SEED_PLAN_ARGS = [seed_uuid(0), SEED_PLANS, seed_uuid(0), None, 0, 6000, 6000, "2016-08-01T00:00:00.000+800Z"]
SEED_DRIVER_ARGS = [seed_uuid(0), [seed_uuid(n) for n in range(4)], 200, 200]
SEED_SALE_ARGS = [seed_uuid(0), seed_uuid(0), {seed_uuid(0): 1000, seed_uuid(1): 2000}, 2000, 2000]


def test_seed_plan_example_is_400_naming_expect_at_only(user_api, seed_catalog):
    answer = rpc(user_api, "order.placeAnPlanOrder", *SEED_PLAN_ARGS)
    assert answer["result"]["code"] == 400
    assert "expect_at" in answer["result"]["msg"] and "pmid" not in answer["result"]["msg"]
    assert not Order.objects.exists()


def test_seed_plan_example_with_a_valid_time_places_the_order_without_promotion(user_api, seed_catalog):
    """Issue 18.1: the seed's call with `pmid` null (no promotion) places the order: payment = summary."""
    args = list(SEED_PLAN_ARGS)
    args[7] = "2016-08-01T00:00:00.000+08:00"
    answer = rpc(user_api, "order.placeAnPlanOrder", *args)
    assert answer["result"]["code"] == 200, answer
    assert set(answer["result"]["data"]) >= {"order-id", "order-no"}
    order = Order.objects.get(pk=answer["result"]["data"]["order-id"])
    assert order.payment == Decimal("6000.00") and order.plan_ext.promotion is None


def test_plan_example_with_a_promotion_and_valid_time_places_the_order(user_api, seed_catalog):
    promotion = PromotionFactory(discount=Decimal("500"))
    args = list(SEED_PLAN_ARGS)
    args[3], args[6], args[7] = str(promotion.pk), 5500, "2016-08-01T00:00:00.000+08:00"
    answer = rpc(user_api, "order.placeAnPlanOrder", *args)
    assert answer["result"]["code"] == 200 and answer["result"]["msg"] is None
    data = answer["result"]["data"]
    order = Order.objects.get(pk=data["order-id"])
    assert data["order-no"] == order.order_no and order.payment == Decimal("5500.00")


def test_seed_driver_example_places_the_order(user_api, seed_catalog):
    answer = rpc(user_api, "order.placeAnDriverOrder", *SEED_DRIVER_ARGS)
    assert answer["result"]["code"] == 200
    order = Order.objects.get(pk=answer["result"]["data"]["order-id"])
    assert order.kind == "driver" and order.driver_ext.drivers.count() == 4


def test_seed_sale_example_is_400_naming_both_numbers(user_api, seed_catalog):
    answer = rpc(user_api, "order.placeAnSaleOrder", *SEED_SALE_ARGS)
    assert answer["result"]["code"] == 400
    assert "2000.00" in answer["result"]["msg"] and "3000.00" in answer["result"]["msg"]


def test_seed_update_order_state_example(user_api, client_for, seed_catalog):
    placed = rpc(user_api, "order.placeAnDriverOrder", *SEED_DRIVER_ARGS)["result"]["data"]
    staff = client_for(staff_user("admin"))
    # the seed's call: (order_id, 2, '已支付') — placed → paid is an edge for driver orders
    answer = rpc(staff, "order.updateOrderState", placed["order-id"], 2, "已支付")
    assert answer["result"] == {"code": 200, "msg": None, "data": {"order-id": placed["order-id"]}}
    assert Order.objects.get(pk=placed["order-id"]).state == "paid"
    # not along the machine → 409; wrong label → 400; not staff → 403; the order_no is accepted
    assert rpc(staff, "order.updateOrderState", placed["order-no"], 7, None)["result"]["code"] == 409
    assert rpc(staff, "order.updateOrderState", placed["order-no"], 5, "已支付")["result"]["code"] == 400
    assert rpc(user_api, "order.updateOrderState", placed["order-id"], 5, "已生效")["result"]["code"] == 403
    assert rpc(staff, "order.updateOrderState", seed_uuid(0), 2, "已支付")["result"]["code"] == 404


def test_get_orders_get_order_and_driver_orders(user, user_api, client_for, seed_catalog,
                                                django_capture_on_commit_callbacks):
    placed = rpc(user_api, "order.placeAnDriverOrder", *SEED_DRIVER_ARGS)["result"]["data"]
    data = rpc(user_api, "order.getOrders", user.pk, 0, 10)["result"]["data"]
    assert data["total"] == 1 and data["orders"][0]["id"] == placed["order-id"]
    order = rpc(user_api, "order.getOrder", placed["order-no"])["result"]["data"]
    for key in ("id", "type", "state-code", "state", "vehicle", "drivers", "summary", "payment", "start-at", "stop-at"):
        assert key in order
    assert (order["type"], order["state-code"], order["state"], order["summary"]) == (1, 0, "已下单", "200.00")
    assert rpc(client_for(UserFactory()), "order.getOrder", placed["order-id"])["result"]["code"] == 404
    assert rpc(client_for(UserFactory()), "order.getOrders", user.pk, 0, 10)["result"]["code"] == 403
    assert rpc(user_api, "order.getDriverOrders", seed_uuid(0))["result"]["data"] == {"drivers": []}
    with django_capture_on_commit_callbacks(execute=True):  # after-commit cache upkeep, as in production
        services.order_state_update(actor=staff_user("admin"), order_ref=placed["order-id"], state_code=2)
        services.order_state_update(actor=staff_user("admin"), order_ref=placed["order-id"], state_code=5)
    drivers = rpc(user_api, "order.getDriverOrders", seed_uuid(0))["result"]["data"]["drivers"]
    assert sorted(d["id"] for d in drivers) == [seed_uuid(n) for n in range(4)]


def test_plan_order_shape_has_the_seed_keys(user_api, seed_catalog):
    promotion = PromotionFactory(discount=Decimal("0"))
    args = [seed_uuid(0), SEED_PLANS, seed_uuid(0), str(promotion.pk), 0, 6000, 6000, "2016-08-01T00:00:00+08:00"]
    order_id = rpc(user_api, "order.placeAnPlanOrder", *args)["result"]["data"]["order-id"]
    order = rpc(user_api, "order.getOrder", order_id)["result"]["data"]
    for key in ("id", "type", "state-code", "state", "vehicle", "plans", "items", "promotion", "service-ratio",
                "summary", "payment", "expect-at", "start-at", "stop-at"):
        assert key in order
    assert order["type"] == 0 and order["expect-at"] == "2016-07-31T16:00:00Z" and len(order["items"]) == 4


@pytest.mark.parametrize("method, params", [
    ("order.placeAnPlanOrder", [seed_uuid(0), [], seed_uuid(0), None, 0, 1, 1, None]),
    ("order.placeAnDriverOrder", [seed_uuid(0), "not-a-list", 1, 1]),
    ("order.placeAnSaleOrder", [seed_uuid(0), seed_uuid(0), {}, True, 1]),
    ("order.updateOrderState", [seed_uuid(0), "2", "已支付"]),
    ("order.getOrders", [1, -1, 10]),
    ("order.getOrders", [1, 10**20, 10]),
    ("order.placeAnDriverOrder", [seed_uuid(0)]),
])
def test_wrong_param_types_are_bad_params(user_api, method, params):
    answer = rpc(user_api, method, *params)
    assert answer["error"]["code"] == -32602


def test_rpc_needs_the_bearer_token(api):
    answer = rpc(api, "order.getOrders", 1, 0, 10)
    assert answer["result"]["code"] == 401


def test_a_call_whose_id_is_not_a_string_number_or_null_is_an_invalid_request(user_api):
    answer = user_api.post("/api/rpc", [{"jsonrpc": "2.0", "id": {}, "method": "order.getDriverOrders", "params": []}],
                           format="json").json()
    assert answer == [{"jsonrpc": "2.0", "id": None, "error": {
        "code": -32600, "message": "Invalid Request: id must be a string, a number or null"}}]
