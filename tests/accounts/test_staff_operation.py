"""The operation log from the service path (accounts.oplog, DESIGN §9 "Operation log"): one row per staff
operation with the real outcome; a refused admin action is `failed` with its reason; CSV cells that look like
formulas are escaped."""

import csv
import io
import json
from decimal import Decimal

import pytest

from accounts.models import OperationLog
from accounts.oplog import staff_operation
from common.errors import TransitionNotAllowed
from orders import services
from orders.models import Order
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db


def product_order():
    product = ProductFactory(price=Decimal("8.00"))
    return services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}])


def test_staff_operation_writes_success_in_the_transaction_and_failed_on_its_own():
    actor, order = staff_user("admin"), product_order()
    with staff_operation(actor=actor, operation="order:cancel", target=order):
        services.order_cancel(order_id=order.pk, actor=actor)
    with pytest.raises(TransitionNotAllowed), staff_operation(actor=actor, operation="order:cancel", target=order):
        services.order_cancel(order_id=order.pk, actor=actor)
    rows = list(OperationLog.objects.order_by("id").values_list("operation", "target_type", "target_id", "status"))
    assert rows == [("order:cancel", "order", str(order.pk), "success"),
                    ("order:cancel", "order", str(order.pk), "failed")]
    assert OperationLog.objects.order_by("id").last().error_message


def test_buyers_are_not_in_the_operation_log():
    order = product_order()
    with staff_operation(actor=order.buyer, operation="order:cancel", target=order):
        services.order_cancel(order_id=order.pk, actor=order.buyer)
    assert not OperationLog.objects.exists()


def test_refused_admin_action_writes_a_failed_row_with_its_reason(client):
    admin = staff_user("admin")
    client.force_login(admin)
    order = product_order()  # pending payment: "complete" is not allowed from here
    response = client.post("/admin/orders/order/", {"action": "order_complete", "_selected_action": [str(order.pk)]},
                           HTTP_USER_AGENT="pytest", follow=True)
    assert response.status_code == 200
    assert Order.objects.get(pk=order.pk).state == order.state
    row = OperationLog.objects.get()
    assert (row.operation, row.target_id, row.status, row.request_method) == (
        "order:complete", str(order.pk), "failed", "POST")
    assert row.error_message and row.admin == admin
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and order.order_no in warnings[0] and row.error_message in warnings[0]


def test_admin_action_without_order_manage_is_hidden_and_the_service_refuses(client):
    reviewer = staff_user("merchant_reviewer")
    order = product_order()
    with pytest.raises(Exception) as refused, staff_operation(actor=reviewer, operation="order:cancel", target=order):
        services.order_cancel(order_id=order.pk, actor=reviewer)
    assert getattr(refused.value, "status", None) == 403
    assert OperationLog.objects.get().status == "failed"
    client.force_login(reviewer)
    assert client.get("/admin/orders/order/").status_code == 403


def test_jsonrpc_batch_logs_one_row_per_call(client):
    admin = staff_user("admin")
    first, second = product_order(), product_order()
    batch = [{"jsonrpc": "2.0", "id": i, "method": "order.getOrder", "params": [str(order.pk)]}
             for i, order in enumerate((first, second))]
    response = client.post("/api/rpc", data=json.dumps(batch), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {access_token_for(admin)}")
    assert response.status_code == 200
    rows = list(OperationLog.objects.order_by("id").values_list("operation", "target_id", "status"))
    assert rows == [("order:getOrder", str(first.pk), "success"), ("order:getOrder", str(second.pk), "success")]


def test_csv_export_escapes_formula_cells(client):
    viewer = staff_user("admin")
    OperationLog.objects.create(admin=viewer, admin_name="=cmd|' /C calc'!A0", module="order",
                                operation="order:cancel", user_agent='=HYPERLINK("x")', status="success")
    client.force_login(viewer)
    response = client.get("/api/v1/admin/operation-logs/export", HTTP_AUTHORIZATION=f"Bearer {access_token_for(viewer)}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    row = next(row for row in rows if row["operation"] == "order:cancel")  # the export logs itself too
    assert row["user_agent"] == "'=HYPERLINK(\"x\")"
    assert row["admin_name"].startswith("'=")
