"""Orders in the admin: list with filters, inlines, transitions as actions through the services, CSV export;
the demo catalog loads idempotently."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from orders import services
from orders.models import Order, OrderEvent, Plan, Promotion, Quotation, Vehicle
from tests.factories import UserFactory
from tests.factories.orders import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def product_order():
    product = ProductFactory(price=Decimal("8.00"))
    return services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}])


def test_changelist_filters_and_detail_with_inlines(admin_client):
    order = product_order()
    assert admin_client.get("/admin/orders/order/?kind=product&state=pending_payment").status_code == 200
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200 and "placed" in page.content.decode()
    for model in ("vehicle", "plan", "quotation", "promotion", "driver"):
        assert admin_client.get(f"/admin/orders/{model}/").status_code == 200


def test_cancel_action_goes_through_the_service(admin_client):
    order, other = product_order(), product_order()
    services.order_cancel(order_id=other.pk, actor=other.buyer)
    response = admin_client.post("/admin/orders/order/", {
        "action": "order_cancel", "_selected_action": [str(order.pk), str(other.pk)]}, follow=True)
    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).state == "cancelled"
    assert OrderEvent.objects.get(order=order, type="cancelled").reason == "admin"
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith(other.order_no)  # the refused one is reported, not a 500


def test_csv_export(admin_client):
    order = product_order()
    response = admin_client.post("/admin/orders/order/", {"action": "export_csv", "_selected_action": [str(order.pk)]})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("order_no,id,kind,state") and lines[1].startswith(order.order_no)


def test_demo_catalog_is_idempotent():
    for _ in range(2):
        call_command("demo_data", stdout=io.StringIO())
    vehicle = Vehicle.objects.get(owner__username="bob")
    quotation = Quotation.objects.get(vehicle=vehicle)
    assert quotation.plans.count() == 2 and all(plan.items.count() == 2 for plan in Plan.objects.all())
    assert Promotion.objects.count() == 1 and vehicle.owner.drivers.count() == 1
