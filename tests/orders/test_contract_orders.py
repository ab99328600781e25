"""Plan, driver and sale orders (seed 002): totals, the machine (allowed and refused), updateOrderState,
activation at start_at and expiry at stop_at by the sweep, effective drivers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import services
from orders.models import Order, OrderEvent, OrderItem
from tests.factories import UserFactory
from tests.factories.orders import PromotionFactory, VehicleFactory
from tests.factories.staff import staff_user
from tests.orders.conftest import SEED_PLANS, seed_uuid
from tests.orders.helpers import pay_order

pytestmark = pytest.mark.django_db

FUTURE = (timezone.now() + timedelta(days=10)).replace(microsecond=0)


def plan_body(promotion, **overrides):
    body = {"vid": seed_uuid(0), "plans": SEED_PLANS, "qid": seed_uuid(0), "pmid": str(promotion.pk),
            "service_ratio": "0.1", "summary": 6000, "payment": "6100.00", "expect_at": FUTURE.isoformat()}
    body.update(overrides)
    return body


@pytest.fixture
def promotion():
    return PromotionFactory(discount=Decimal("500.00"))


@pytest.fixture
def staff_api(client_for):
    return client_for(staff_user("admin"))


def test_plan_order_recomputes_totals(user_api, seed_catalog, promotion):
    response = user_api.post("/api/v1/orders/plan", plan_body(promotion), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["id"] and data["order_no"].startswith("ORD")
    assert (data["summary"], data["payment"], data["state"], data["state_code"]) == ("6000.00", "6100.00", "placed", 0)
    assert data["plan"]["promotion"]["id"] == str(promotion.pk) and data["plan"]["v_value"] == "100000.00"
    assert data["available_actions"] == ["cancel"]  # plan orders pay once underwritten
    order = Order.objects.get(pk=data["id"])
    assert order.expect_at == FUTURE and OrderItem.objects.filter(order=order).count() == 4


@pytest.mark.parametrize("overrides, names", [
    ({"summary": 5000}, ["5000.00", "6000.00"]),
    ({"payment": 6000}, ["6000.00", "6100.00"]),
    ({"plans": {seed_uuid(0): {seed_uuid(0): 999}}}, ["999.00", "1000.00"]),
    ({"plans": {seed_uuid(0): {seed_uuid(2): 1000}}}, [seed_uuid(2)]),
    ({"plans": {seed_uuid(5): {seed_uuid(0): 1000}}}, [seed_uuid(5)]),
    ({"expect_at": "2016-08-01T00:00:00.000+800Z"}, ["expect_at", "+800Z"]),
    ({"expect_at": "9999-12-31T23:59:59Z"}, ["expect_at"]),
    ({"expect_at": "0001-01-01T00:00:00+14:00"}, ["expect_at"]),
    ({"pmid": seed_uuid(9)}, ["pmid"]),
    ({"pmid": "NOSUCHCODE"}, ["pmid"]),
    ({"qid": seed_uuid(7)}, ["qid"]),
    ({"service_ratio": "-1"}, ["service_ratio"]),
    ({"plans": {}}, ["plans"]),
])
def test_plan_order_refuses_inconsistent_input_naming_it(user_api, seed_catalog, promotion, overrides, names):
    response = user_api.post("/api/v1/orders/plan", plan_body(promotion, **overrides), format="json")
    assert response.status_code == 400, response.json()
    for name in names:
        assert name in response.json()["message"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("pmid", [None, "", "absent"])
def test_plan_order_without_a_promotion_has_no_discount(user_api, seed_catalog, promotion, pmid):
    """Issue 18.1: `pmid` null or missing means no promotion (DESIGN §8); payment = 6000 × 1.1."""
    body = plan_body(promotion, pmid=pmid, payment="6600.00")
    if pmid == "absent":
        del body["pmid"]
    response = user_api.post("/api/v1/orders/plan", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert (data["summary"], data["payment"]) == ("6000.00", "6600.00")
    assert data["plan"]["promotion"] is None


def test_plan_order_names_the_promotion_by_its_code(user_api, seed_catalog, promotion):
    response = user_api.post("/api/v1/orders/plan", plan_body(promotion, pmid=promotion.code), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["plan"]["promotion"]["id"] == str(promotion.pk)


def test_plan_payment_never_below_zero(user_api, seed_catalog):
    big = PromotionFactory(discount=Decimal("99999.00"))
    response = user_api.post("/api/v1/orders/plan",
                             plan_body(big, service_ratio=0, payment=0), format="json")
    assert response.status_code == 201 and response.json()["data"]["payment"] == "0.00"


def test_someone_elses_vehicle_is_404(client_for, seed_catalog, promotion):
    response = client_for(UserFactory()).post("/api/v1/orders/plan", plan_body(promotion), format="json")
    assert response.status_code == 404


def test_plan_machine_underwriting_payment_activation_expiry(user, user_api, api, staff_api, seed_catalog, promotion):
    order_id = user_api.post("/api/v1/orders/plan", plan_body(promotion), format="json").json()["data"]["id"]
    assert user_api.post(f"/api/v1/orders/{order_id}/pay").status_code == 409
    # staff move it along the machine: placed → underwriting → underwritten (by code, label optional)
    assert staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 1, "state": "核保中"}).status_code == 200
    assert staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 3}).json()["data"]["state"] == "underwritten"
    assert user_api.get(f"/api/v1/orders/{order_id}").json()["data"]["available_actions"] == ["pay", "cancel"]
    pay_order(user_api, api, order_id)
    order = Order.objects.get(pk=order_id)
    assert order.state == "paid" and order.start_at == FUTURE and order.stop_at == FUTURE + timedelta(days=365)
    assert user_api.post(f"/api/v1/orders/{order_id}/cancel").status_code == 409
    assert services.order_deadlines_sweep() == 0
    assert services.order_deadlines_sweep(now=FUTURE + timedelta(seconds=1)) == 1
    order.refresh_from_db()
    assert order.state == "effective" and order.state_code == 5
    assert services.order_deadlines_sweep(now=FUTURE + timedelta(days=364)) == 0
    assert services.order_deadlines_sweep(now=order.stop_at) == 1
    order.refresh_from_db()
    assert order.state == "expired" and order.state_code == 6 and order.deadline_at is None
    assert [e.type for e in OrderEvent.objects.filter(order=order)] == [
        "placed", "underwrite_start", "underwrite_pass", "payment_started", "paid", "activated", "expired"]


@pytest.mark.parametrize("path", [[1], [1, 3], [1, 4], []])
def test_plan_cancel_allowed_before_payment(user_api, staff_api, seed_catalog, promotion, path):
    order_id = user_api.post("/api/v1/orders/plan", plan_body(promotion), format="json").json()["data"]["id"]
    for code in path:
        assert staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": code}).status_code == 200
    response = user_api.post(f"/api/v1/orders/{order_id}/cancel")
    assert response.status_code == 200 and response.json()["data"]["state"] == "cancelled"


def test_update_state_refuses_off_machine_moves_wrong_labels_and_non_staff(user_api, staff_api, seed_catalog, promotion):
    data = user_api.post("/api/v1/orders/plan", plan_body(promotion), format="json").json()["data"]
    order_id = data["id"]
    response = staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 5})
    assert response.status_code == 409 and "placed" in response.json()["message"]
    assert staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 2}).status_code == 409  # not underwritten
    response = staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 1, "state": "已支付"})
    assert response.status_code == 400 and "已支付" in response.json()["message"]
    assert staff_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 42}).status_code == 400
    assert user_api.post(f"/api/v1/orders/{order_id}/state", {"state_code": 1}).status_code == 403
    assert Order.objects.get(pk=order_id).state == "placed"
    # the order number works wherever the id does
    assert staff_api.post(f"/api/v1/orders/{data['order_no']}/state", {"state_code": 1}).status_code == 200


def driver_body(**overrides):
    body = {"vid": seed_uuid(0), "dids": [seed_uuid(n) for n in range(4)], "summary": 200, "payment": 200}
    body.update(overrides)
    return body


def test_driver_order_keeps_client_totals_and_pays_from_placed(user_api, api, seed_catalog):
    response = user_api.post("/api/v1/orders/driver", driver_body(payment="150.5"), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert (data["summary"], data["payment"], data["kind"]) == ("200.00", "150.50", "driver")
    assert len(data["drivers"]) == 4 and data["available_actions"] == ["pay", "cancel"]
    pay_order(user_api, api, data["id"])
    order = Order.objects.get(pk=data["id"])
    assert order.state == "paid" and order.start_at == order.paid_at


@pytest.mark.parametrize("overrides, name", [
    ({"payment": 201}, "201.00"),
    ({"payment": -1}, "payment"),
    ({"dids": [seed_uuid(9)]}, seed_uuid(9)),
    ({"dids": [seed_uuid(0), seed_uuid(0)]}, "dids"),
    ({"summary": "x"}, "summary"),
])
def test_driver_order_refuses_bad_input(user_api, seed_catalog, overrides, name):
    response = user_api.post("/api/v1/orders/driver", driver_body(**overrides), format="json")
    assert response.status_code == 400 and name in response.json()["message"]
    assert not Order.objects.exists()


def test_effective_drivers_of_a_vehicle(user, user_api, api, seed_catalog, client_for,
                                       django_capture_on_commit_callbacks):
    # after-commit work (the cache of effective drivers, when Redis is on) runs as in production
    with django_capture_on_commit_callbacks(execute=True):
        order_id = user_api.post("/api/v1/orders/driver", driver_body(dids=[seed_uuid(1), seed_uuid(2)]),
                                 format="json").json()["data"]["id"]
    assert user_api.get(f"/api/v1/vehicles/{seed_uuid(0)}/drivers").json()["data"] == []
    with django_capture_on_commit_callbacks(execute=True):
        pay_order(user_api, api, order_id)
        services.order_deadlines_sweep(now=timezone.now() + timedelta(seconds=1))
    rows = user_api.get(f"/api/v1/vehicles/{seed_uuid(0)}/drivers").json()["data"]
    assert sorted(r["id"] for r in rows) == [seed_uuid(1), seed_uuid(2)]
    assert all(r["order-id"] == order_id for r in rows)
    assert client_for(UserFactory()).get(f"/api/v1/vehicles/{seed_uuid(0)}/drivers").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.order_deadlines_sweep(now=timezone.now() + timedelta(days=366))
    assert user_api.get(f"/api/v1/vehicles/{seed_uuid(0)}/drivers").json()["data"] == []


def test_sale_order_payment_equals_summary_equals_items(user_api, api, seed_catalog):
    body = {"vid": seed_uuid(0), "qid": seed_uuid(0), "items": {seed_uuid(0): 1000, seed_uuid(1): "2000.00"},
            "summary": 3000, "payment": 3000}
    response = user_api.post("/api/v1/orders/sale", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert (data["summary"], data["payment"], data["sale"]["plan"]) == ("3000.00", "3000.00", seed_uuid(0))
    pay_order(user_api, api, data["id"])
    assert Order.objects.get(pk=data["id"]).state == "paid"


def test_sale_order_seed_example_is_400_naming_both_numbers(user_api, seed_catalog):
    body = {"vid": seed_uuid(0), "qid": seed_uuid(0), "items": {seed_uuid(0): 1000, seed_uuid(1): 2000},
            "summary": 2000, "payment": 2000}
    response = user_api.post("/api/v1/orders/sale", body, format="json")
    assert response.status_code == 400
    assert "2000.00" in response.json()["message"] and "3000.00" in response.json()["message"]
    assert not Order.objects.exists()


def test_catalog_endpoints(user, user_api, client_for, seed_catalog, promotion):
    other_vehicle = VehicleFactory()
    vehicles = user_api.get("/api/v1/vehicles").json()["data"]
    assert vehicles == [{"id": seed_uuid(0), "owner": user.pk, "plate_no": seed_catalog["vehicle"].plate_no,
                         "vin": seed_catalog["vehicle"].vin, "value": "100000.00"}]
    staff = client_for(staff_user("admin"))
    assert {v["id"] for v in staff.get("/api/v1/vehicles").json()["data"]} == {seed_uuid(0), str(other_vehicle.pk)}
    plans = user_api.get("/api/v1/plans").json()["data"]
    assert {p["id"] for p in plans} == {seed_uuid(0), seed_uuid(1)}
    assert sorted(i["price"] for p in plans for i in p["items"]) == ["1000.00", "1000.00", "2000.00", "2000.00"]
    quotations = user_api.get(f"/api/v1/quotations?vehicle={seed_uuid(0)}").json()["data"]
    assert quotations[0]["plans"] == [seed_uuid(0), seed_uuid(1)] and quotations[0]["total"] == "6000.00"
    assert client_for(UserFactory()).get("/api/v1/quotations").json()["data"] == []
    assert user_api.get("/api/v1/quotations?vehicle=nope").status_code == 400
    assert user_api.get("/api/v1/promotions").json()["data"] == [
        {"id": str(promotion.pk), "code": promotion.code, "discount": "500.00"}]


@pytest.mark.parametrize("path, body", [
    ("plan", {"vid": seed_uuid(0), "plans": {}, "qid": seed_uuid(0)}),
    ("driver", {"vid": seed_uuid(0), "dids": [seed_uuid(0)]}),
    ("sale", {"vid": seed_uuid(0), "qid": seed_uuid(0), "items": {}}),
    ("driver", {"vid": seed_uuid(0), "dids": [seed_uuid(0)], "summary": "1e400", "payment": 1}),
    ("plan", {"vid": seed_uuid(0), "plans": SEED_PLANS, "qid": seed_uuid(0), "pmid": None, "service_ratio": "0.00001",
              "summary": 6000, "payment": 6000}),
])
def test_missing_or_extreme_values_are_400_never_500(user_api, seed_catalog, path, body):
    response = user_api.post(f"/api/v1/orders/{path}", body, format="json")
    assert response.status_code == 400, response.json()
    assert not Order.objects.exists()


def test_staff_moves_tell_the_buyer_the_state_in_the_buyers_language(user, user_api, api, staff_api, seed_catalog,
                                                                   django_capture_on_commit_callbacks):
    """Issue 16 journey: an English notice said "is now 已生效" (the seed's Chinese label); the state is a
    translatable parameter, rendered in each reader's language, for the admin action and updateOrderState."""
    from django.utils import translation

    from chat.models import Message
    from chat.notices import notice_render

    body = {"vid": seed_uuid(0), "qid": seed_uuid(0), "items": {seed_uuid(0): 1000}, "summary": 1000, "payment": 1000}
    order_id = user_api.post("/api/v1/orders/sale", body, format="json").json()["data"]["id"]
    pay_order(user_api, api, order_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_move(order_id=order_id, transition="activate", actor=staff_user("admin"), reason="admin")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_state_update(actor=staff_user("admin"), order_ref=order_id, state_code=6)
    notices = Message.objects.filter(recipient=user, order_id=order_id, content__contains="is now").order_by("id")
    no = Order.objects.get(pk=order_id).order_no
    assert [m.content for m in notices] == [f"Order {no} is now effective.", f"Order {no} is now expired."]
    with translation.override("zh-hans"):
        assert [notice_render(m) for m in notices] == [f"订单 {no} 现在的状态为已生效。", f"订单 {no} 现在的状态为已失效。"]
