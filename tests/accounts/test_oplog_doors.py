"""The operation log written where staff act (DESIGN §9, issue 13 item 6): admin form saves and deletions,
the staff REST API and JSON-RPC each write one row with the real outcome — success in the transaction of the
change, failed (the change undone) when refused — and nobody else's writes are logged."""

import json
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client

from accounts import oplog
from accounts.admin_oplog import OperationLogAdminMixin
from accounts.models import OperationLog
from merchants.models import Merchant, SuccessCase
from orders import services as order_services
from orders.models import Order, Promotion
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.orders import DriverFactory, ProductFactory, VehicleFactory
from tests.factories.staff import MerchantFactory, SuccessCaseFactory, staff_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows():
    return list(OperationLog.objects.order_by("id").values_list("operation", "target_id", "status"))


def case_form(case, **changes):
    return {"title": case.title, "description": case.description, "image_url": case.image_url, "merchant": "",
            "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0", **changes}


def test_every_admin_page_logs_its_form_saves():
    plain = [type(model_admin).__name__ for model_admin in admin.site._registry.values()
             if not isinstance(model_admin, OperationLogAdminMixin)]
    assert plain == []


# --- Admin forms ---------------------------------------------------------------------------------------------

def test_a_staff_change_form_save_is_one_success_row():
    editor = staff_user("content_manager")
    case = SuccessCaseFactory()
    response = login(editor).post(f"/admin/merchants/successcase/{case.pk}/change/", case_form(case, title="Renamed"))
    assert response.status_code == 302, response.content[:2000]
    assert rows() == [("content:update", str(case.pk), "success")]
    row = OperationLog.objects.get()
    assert (row.admin, row.module, row.target_type, row.request_method) == (editor, "content", "content", "POST")
    assert SuccessCase.objects.get(pk=case.pk).title == "Renamed"


def test_a_form_with_errors_is_a_failed_row_and_saves_nothing():
    case = SuccessCaseFactory()
    client = login(staff_user("content_manager"))
    response = client.post(f"/admin/merchants/successcase/{case.pk}/change/",
                           case_form(case, title="", description="changed"))
    assert response.status_code == 200
    assert rows() == [("content:update", str(case.pk), "failed")]
    assert "title" in OperationLog.objects.get().error_message
    assert SuccessCase.objects.get(pk=case.pk).description == case.description
    response = client.post("/admin/merchants/successcase/add/", case_form(case, title=""))
    assert response.status_code == 200 and SuccessCase.objects.count() == 1
    assert rows()[-1] == ("content:create", "", "failed")
    assert not OperationLog.objects.filter(status="success").exists()


def test_a_refused_form_save_is_a_failed_row_and_changes_nothing():
    viewer = staff_user()
    viewer.user_permissions.add(*__import__("django.contrib.auth.models", fromlist=["Permission"])
                                .Permission.objects.filter(codename="order:view"))
    product = ProductFactory(price=Decimal("5.00"))
    order = order_services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}])
    response = login(viewer).post(f"/admin/orders/order/{order.pk}/change/", {"delivery_address": "elsewhere"})
    assert response.status_code == 403
    assert rows() == [("order:update", str(order.pk), "failed")]
    assert Order.objects.get(pk=order.pk).delivery_address == order.delivery_address


def test_deletions_are_logged_once_each():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = login(superuser)
    one, two, three = (Promotion.objects.create(code=f"P{i}", discount=Decimal("1")) for i in range(3))
    assert client.post(f"/admin/orders/promotion/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    assert client.post("/admin/orders/promotion/", {"action": "delete_selected", "post": "yes",
                                                    "_selected_action": [str(two.pk), str(three.pk)]}).status_code == 302
    assert not Promotion.objects.exists()
    (single, single_id, ok), (batch, batch_ids, batch_ok) = rows()
    assert (single, single_id, ok) == ("promotion:delete", str(one.pk), "success")
    assert (batch, batch_ok) == ("promotion:delete", "success")
    assert set(batch_ids.split(",")) == {str(two.pk), str(three.pk)}


def test_a_library_admin_action_is_one_row_naming_the_selected_rows():
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(name="probe", task="probe.task", interval=every, enabled=True)
    response = login(UserFactory(is_staff=True, is_superuser=True)).post(
        "/admin/django_celery_beat/periodictask/", {"action": "disable_tasks", "_selected_action": [str(task.pk)]})
    assert response.status_code == 302
    assert rows() == [("system:disable_tasks", str(task.pk), "success")]
    assert not PeriodicTask.objects.get(pk=task.pk).enabled


def test_a_password_form_with_errors_is_failed_and_sets_nothing():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory()
    response = login(superuser).post(f"/admin/accounts/user/{target.pk}/password/", {
        "password1": "Very-Secret-Pass-77", "password2": "Other-Secret-Pass-78", "usable_password": "true"})
    assert response.status_code == 200
    assert rows() == [("user:password_change", str(target.pk), "failed")]
    assert "Secret" not in OperationLog.objects.get().request_params.replace('"***"', "")
    target.refresh_from_db()
    assert not target.check_password("Very-Secret-Pass-77")


def test_an_admin_export_is_one_data_export_row():
    exporter = staff_user("admin")
    product = ProductFactory(price=Decimal("5.00"))
    order = order_services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}])
    response = login(exporter).post("/admin/orders/order/", {"action": "export_csv",
                                                             "_selected_action": [str(order.pk)]})
    assert response["Content-Type"].startswith("text/csv")
    assert rows() == [("data:export", "", "success")]
    assert OperationLog.objects.get().target_type == "order"


# --- Staff REST API ------------------------------------------------------------------------------------------

def test_a_refused_staff_rest_write_is_a_failed_row_and_changes_nothing(client_for):
    merchant = MerchantFactory()
    denied = client_for(staff_user("content_manager")).post(f"/api/v1/admin/merchants/{merchant.pk}/approve")
    assert denied.status_code == 403
    invalid = client_for(staff_user("merchant_reviewer")).post(f"/api/v1/admin/merchants/{merchant.pk}/reject", {},
                                                               format="json")
    assert invalid.status_code == 400
    assert rows() == [("merchant:approve", str(merchant.pk), "failed"), ("merchant:reject", str(merchant.pk), "failed")]
    assert "reason" in OperationLog.objects.get(operation="merchant:reject").error_message
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.PENDING


def test_the_success_row_is_written_in_the_transaction_of_the_change(client_for, monkeypatch):
    """If the success row cannot be written, the change it records is undone with it."""
    write = oplog.operation_log_write

    def refuse_success(**fields):
        if fields["status"] == OperationLog.Status.SUCCESS:
            raise RuntimeError("log store down")
        return write(**fields)

    monkeypatch.setattr(oplog, "operation_log_write", refuse_success)
    merchant = MerchantFactory()
    with pytest.raises(RuntimeError):
        client_for(staff_user("merchant_reviewer")).post(f"/api/v1/admin/merchants/{merchant.pk}/approve")
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.PENDING
    assert rows() == [("merchant:approve", str(merchant.pk), "failed")]


# --- JSON-RPC and non-staff ----------------------------------------------------------------------------------

def test_a_jsonrpc_batch_of_three_is_three_rows_each_with_its_outcome(client):
    admin_user = staff_user("admin")
    product = ProductFactory(price=Decimal("5.00"))
    first, second = (order_services.product_order_place(buyer=UserFactory(), items=[{"product": product.pk, "quantity": 1}])
                     for _ in range(2))
    missing = "00000000-0000-0000-0000-000000000000"
    batch = [{"jsonrpc": "2.0", "id": i, "method": "order.getOrder", "params": [ref]}
             for i, ref in enumerate((str(first.pk), missing, str(second.pk)))]
    response = client.post("/api/rpc", data=json.dumps(batch), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {access_token_for(admin_user)}")
    assert response.status_code == 200 and len(response.json()) == 3
    assert rows() == [("order:getOrder", str(first.pk), "success"), ("order:getOrder", missing, "failed"),
                      ("order:getOrder", str(second.pk), "success")]


def test_writes_by_users_who_are_not_staff_are_not_logged(client_for, client):
    user = UserFactory()
    product = ProductFactory(price=Decimal("5.00"))
    order = order_services.product_order_place(buyer=user, items=[{"product": product.pk, "quantity": 1}])
    api = client_for(user)
    assert api.put("/api/v1/users/profile", {"nickname": "n"}, format="json").status_code == 200
    assert api.post(f"/api/v1/orders/{order.pk}/cancel").status_code == 200
    assert api.post(f"/api/v1/admin/merchants/{MerchantFactory().pk}/approve").status_code == 403
    assert api.post(f"/api/v1/orders/{order.pk}/state", {"state_code": 9}, format="json").status_code == 403
    client.post("/api/rpc", data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "order.getOrder",
                                             "params": [str(order.pk)]}),
                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    login(user).post(f"/admin/merchants/successcase/{SuccessCaseFactory().pk}/change/", {"title": "x"})
    assert Order.objects.get(pk=order.pk).state == Order.State.CANCELLED
    assert not OperationLog.objects.exists()


def test_staff_acting_on_an_order_through_the_order_api_is_logged(client_for):
    """Staff (order:manage) may cancel a contract order, not a product order (the buyer's alone)."""
    buyer = UserFactory()
    contract = order_services.driver_order_place(buyer=buyer, vid=str(VehicleFactory(owner=buyer).pk),
                                                 dids=[str(DriverFactory(owner=buyer).pk)], summary="100.00",
                                                 payment="90.00")
    product = ProductFactory(price=Decimal("5.00"))
    bought = order_services.product_order_place(buyer=buyer, items=[{"product": product.pk, "quantity": 1}])
    manager = client_for(staff_user("admin"))  # order:manage
    assert manager.post(f"/api/v1/orders/{contract.pk}/cancel").status_code == 200
    assert manager.post(f"/api/v1/orders/{bought.pk}/cancel").status_code == 403
    assert rows() == [("order:cancel", str(contract.pk), "success"), ("order:cancel", str(bought.pk), "failed")]
    assert Order.objects.get(pk=contract.pk).state == Order.State.CANCELLED
    assert Order.objects.get(pk=bought.pk).state == bought.state
