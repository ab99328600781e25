"""Staff scoping per role (DESIGN §9 "Staff scoping", issue 14 "Done when" matrix): orders in the admin
(changelist, change views, actions), the staff API and JSON-RPC. `is_staff` alone grants nothing; underwrite
roles read plan orders and nothing else of orders; order:manage (admin, super_admin) moves them."""

import json
from decimal import Decimal

import pytest

from orders import services
from orders.models import Order
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user
from tests.factories.underwrite import PlanOrderFactory

pytestmark = pytest.mark.django_db

ROLES = ("none", "content_manager", "merchant_reviewer", "underwrite_operator", "underwrite_reviewer", "admin",
         "super_admin")
ORDER_VIEW = {"admin", "super_admin"}
ORDER_MANAGE = {"admin", "super_admin"}
PLAN_READERS = ORDER_VIEW | {"underwrite_operator", "underwrite_reviewer"}


def member(role: str):
    return staff_user() if role == "none" else staff_user(role)


@pytest.fixture
def orders():
    product = ProductFactory(price=Decimal("8.00"))
    return {
        "product": services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}]),
        "plan": PlanOrderFactory(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_admin_orders_changelist_change_views_and_actions(client, orders, role):
    client.force_login(member(role))
    listing = client.get("/admin/orders/order/")
    assert listing.status_code == (200 if role in PLAN_READERS else 403)
    if listing.status_code == 200:
        shown = {str(pk) for pk in listing.context["cl"].result_list.values_list("pk", flat=True)}
        expected = {str(orders["plan"].pk)} | ({str(orders["product"].pk)} if role in ORDER_VIEW else set())
        assert shown == expected
        action_form = listing.context["action_form"]  # None when no action is offered at all
        actions = {name for name, _label in action_form.fields["action"].choices} if action_form else set()
        assert ("order_cancel" in actions) == (role in ORDER_MANAGE)
    plan_page = client.get(f"/admin/orders/order/{orders['plan'].pk}/change/")
    assert plan_page.status_code == (200 if role in PLAN_READERS else 403)
    product_page = client.get(f"/admin/orders/order/{orders['product'].pk}/change/")
    if role in ORDER_VIEW:
        assert product_page.status_code == 200
    else:  # hidden: not in its queryset (the admin redirects with "does not exist") or refused
        assert product_page.status_code in (302, 403)
        assert "payments" not in product_page.content.decode().lower() or product_page.status_code == 302
    # A forged action POST cannot move an order without order:manage.
    client.post("/admin/orders/order/", {"action": "order_cancel", "_selected_action": [str(orders["plan"].pk)]})
    moved = Order.objects.get(pk=orders["plan"].pk).state == Order.State.CANCELLED
    assert moved == (role in ORDER_MANAGE)


@pytest.mark.parametrize("role", ROLES)
def test_staff_api_orders_per_role(client_for, orders, role):
    api = client_for(member(role))
    plan, product = orders["plan"], orders["product"]
    assert api.get(f"/api/v1/orders/{plan.pk}").status_code == (200 if role in PLAN_READERS else 404)
    assert api.get(f"/api/v1/orders/{product.pk}").status_code == (200 if role in ORDER_VIEW else 404)
    moved = api.post(f"/api/v1/orders/{product.pk}/state", {"state_code": 9}, format="json")
    assert (moved.status_code == 403) == (role not in ORDER_MANAGE), moved.content
    # refund: the merchant or order:manage; the order is unpaid, so staff who may get 409, others 403/404.
    refund = api.post(f"/api/v1/orders/{product.pk}/refund", format="json")
    assert refund.status_code in ((409,) if role in ORDER_MANAGE else (403, 404))


@pytest.mark.parametrize("role", ROLES)
def test_jsonrpc_orders_per_role(client, orders, role):
    user = member(role)
    plan, product = orders["plan"], orders["product"]
    calls = [
        {"jsonrpc": "2.0", "id": 1, "method": "order.getOrder", "params": [str(plan.pk)]},
        {"jsonrpc": "2.0", "id": 2, "method": "order.getOrder", "params": [str(product.pk)]},
        {"jsonrpc": "2.0", "id": 3, "method": "order.updateOrderState", "params": [str(product.pk), 9]},
        {"jsonrpc": "2.0", "id": 4, "method": "order.getOrders", "params": [product.buyer_id]},
    ]
    answers = client.post("/api/rpc", data=json.dumps(calls), content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}").json()
    codes = [answer["result"]["code"] for answer in answers]
    assert codes[0] == (200 if role in PLAN_READERS else 404)
    assert codes[1] == (200 if role in ORDER_VIEW else 404)
    assert (codes[2] == 403) == (role not in ORDER_MANAGE)
    assert codes[3] == (200 if role in ORDER_VIEW else 403)
    assert Order.objects.get(pk=product.pk).state == (Order.State.CANCELLED if role in ORDER_MANAGE else product.state)
