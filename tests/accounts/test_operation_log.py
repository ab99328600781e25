"""Operation log (seed 004 `admin_operation_logs`): one row per staff write in the API and the admin,
secrets redacted, trusted-proxy IPs, read-only in the admin, filterable list, streaming CSV export."""

import csv
import io
import json
import tracemalloc

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from accounts.models import OperationLog
from accounts.selectors import OPERATION_LOG_COLUMNS
from merchants.models import Merchant
from tests.factories import UserFactory
from tests.factories.staff import MerchantFactory, staff_user

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_api_write_logs_exactly_one_row_with_every_column(client_for):
    reviewer = staff_user("merchant_reviewer", username="rita")
    merchant = MerchantFactory()
    response = client_for(reviewer).post(
        f"/api/v1/admin/merchants/{merchant.pk}/approve?trace=1", {}, format="json",
        HTTP_USER_AGENT="pytest-agent", REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    row = OperationLog.objects.get()
    assert row.admin_id == reviewer.pk and row.admin_name == "rita"
    assert (row.module, row.operation, row.target_type, row.target_id) == (
        "merchant", "merchant:approve", "merchant", str(merchant.pk))
    assert row.request_method == "POST"
    assert row.request_url == f"/api/v1/admin/merchants/{merchant.pk}/approve?trace=1"
    assert json.loads(row.request_params) == {"trace": "1"}
    assert row.ip_address == "203.0.113.9"
    assert row.user_agent == "pytest-agent"
    assert row.status == "success" and row.error_message == ""
    assert row.execution_time is not None and row.execution_time >= 0


def test_secrets_are_redacted_in_params_and_url(client_for):
    target = UserFactory()
    client = client_for(staff_user("admin"))
    client.post(
        f"/api/v1/admin/users/{target.pk}/suspend?access_token=abc123",
        {"reason": "spam", "password": "hunter2hunter2", "nested": {"refresh": "r-token", "api_key": "k"},
         "client_secret": "s3cret"},
        format="json",
    )
    row = OperationLog.objects.get()
    assert row.operation == "user:suspend"
    params = json.loads(row.request_params)
    assert params["reason"] == "spam"
    assert params["password"] == params["client_secret"] == params["access_token"] == "***"
    assert params["nested"] == {"refresh": "***", "api_key": "***"}
    for secret in ("hunter2", "r-token", "s3cret", "abc123"):
        assert secret not in row.request_params
        assert secret not in row.request_url


def test_failed_staff_writes_are_logged_as_failed_with_the_error(client_for):
    merchant = MerchantFactory(status=Merchant.Status.APPROVED)
    reviewer = client_for(staff_user("merchant_reviewer"))
    assert reviewer.post(f"/api/v1/admin/merchants/{merchant.pk}/approve").status_code == 409
    outsider = client_for(staff_user())
    assert outsider.post(f"/api/v1/admin/merchants/{merchant.pk}/suspend").status_code == 403
    conflict, denied = OperationLog.objects.order_by("id")
    assert (conflict.operation, conflict.status) == ("merchant:approve", "failed")
    assert "approved" in conflict.error_message
    assert (denied.operation, denied.status) == ("merchant:suspend", "failed")
    assert "merchant:review" in denied.error_message


def test_reads_and_non_staff_writes_are_not_logged(api, client_for, user):
    client_for(staff_user("admin")).get("/api/v1/admin/operation-logs")
    client_for(user).put("/api/v1/users/profile", {"nickname": "n"}, format="json")
    api.post("/api/v1/auth/token", {"username": "nobody", "password": "secret-pass"}, format="json")
    assert OperationLog.objects.count() == 0


def test_a_staff_members_own_writes_outside_the_staff_api_are_not_staff_operations(client_for):
    """DESIGN §9: staff operations are the admin, the staff API and JSON-RPC; a staff member editing their
    own profile is a user like any other (no URL-derived guess any more)."""
    staff = staff_user()
    assert client_for(staff).put("/api/v1/users/profile", {"nickname": "boss"}, format="json").status_code == 200
    assert not OperationLog.objects.exists()


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(client_for, settings):
    client = client_for(staff_user("admin"))
    target = UserFactory()
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.post(f"/api/v1/admin/users/{target.pk}/suspend", REMOTE_ADDR="198.51.100.7",
                HTTP_X_FORWARDED_FOR="1.2.3.4")
    client.post(f"/api/v1/admin/users/{target.pk}/reinstate", REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.55, 10.0.0.1")
    spoofed, proxied = OperationLog.objects.order_by("id")
    assert spoofed.ip_address == "198.51.100.7"
    assert proxied.ip_address == "192.0.2.55"


# --- Admin writes ------------------------------------------------------------------------------------------

def test_admin_change_form_save_logs_one_update_row():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory(username="tina")
    client = admin_client(superuser)
    response = client.post(f"/admin/accounts/user/{target.pk}/change/", {
        "username": "tina", "nickname": "Tina", "email": target.email, "is_active": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    })
    assert response.status_code == 302, response.content[:2000]
    row = OperationLog.objects.get()
    assert (row.module, row.operation, row.target_type, row.target_id) == ("user", "user:update", "user",
                                                                           str(target.pk))
    assert "csrfmiddlewaretoken" not in row.request_params or '"***"' in row.request_params


def test_admin_password_change_is_logged_redacted():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory()
    response = admin_client(superuser).post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "Very-Secret-Pass-77", "password2": "Very-Secret-Pass-77", "usable_password": "true"},
    )
    assert response.status_code == 302
    row = OperationLog.objects.get()
    assert row.operation == "user:password_change"
    assert "Very-Secret" not in row.request_params
    assert json.loads(row.request_params)["password1"] == "***"


def test_admin_form_errors_are_logged_as_failed():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    target = UserFactory()
    response = admin_client(superuser).post(f"/admin/accounts/user/{target.pk}/change/", {"username": ""})
    assert response.status_code == 200
    row = OperationLog.objects.get()
    assert row.status == "failed" and row.error_message


def test_admin_action_logs_one_row_named_after_the_action():
    reviewer = staff_user("merchant_reviewer")
    merchants = [MerchantFactory(), MerchantFactory()]
    response = admin_client(reviewer).post(
        "/admin/merchants/merchant/",
        {"action": "approve", "_selected_action": [str(m.pk) for m in merchants]},
    )
    assert response.status_code == 302
    # One row per selected row (the service runs per row: each has its own outcome).
    rows = list(OperationLog.objects.order_by("id"))
    assert {(r.module, r.operation, r.target_type, r.status) for r in rows} == {
        ("merchant", "merchant:approve", "merchant", "success")}
    assert sorted(r.target_id for r in rows) == sorted(str(m.pk) for m in merchants)


def test_admin_confirmation_pages_are_not_writes():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    merchant = MerchantFactory()
    client = admin_client(superuser)
    selected = {"_selected_action": [str(merchant.pk)]}
    assert client.post("/admin/merchants/merchant/", {"action": "delete_selected", **selected}).status_code == 200
    assert client.post("/admin/merchants/merchant/", {"action": "reject", **selected}).status_code == 200
    assert OperationLog.objects.count() == 0
    response = client.post("/admin/merchants/merchant/",
                           {"action": "reject", "apply": "1", "reason": "no license", **selected})
    assert response.status_code == 302
    row = OperationLog.objects.get()
    assert row.operation == "merchant:reject"
    merchant.refresh_from_db()
    assert (merchant.status, merchant.reject_reason) == ("rejected", "no license")


def test_operation_log_is_append_only_in_the_admin_even_for_a_superuser():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = admin_client(superuser)
    target = UserFactory()
    client_for_row = client.post(f"/admin/accounts/user/{target.pk}/change/", {"username": ""})
    assert client_for_row.status_code == 200
    row = OperationLog.objects.get()
    assert client.get("/admin/accounts/operationlog/add/").status_code == 403
    assert client.post(f"/admin/accounts/operationlog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"/admin/accounts/operationlog/{row.pk}/change/")
    assert page.status_code == 200
    assert b'name="operation"' not in page.content  # every field read-only
    response = client.post("/admin/accounts/operationlog/", {"action": "delete_selected",
                                                              "_selected_action": [str(row.pk)], "post": "yes"})
    assert OperationLog.objects.filter(pk=row.pk).exists()
    assert response.status_code in (200, 302)


# --- List and export ---------------------------------------------------------------------------------------

def make_rows(n, **fields):
    admin = staff_user()
    OperationLog.objects.bulk_create(
        OperationLog(admin=admin, admin_name=admin.username, module=fields.get("module", "user"),
                     operation=fields.get("operation", "user:update"), target_id=str(i), target_type="user",
                     request_method="POST", request_url=f"/x/{i}", status=fields.get("status", "success"))
        for i in range(n)
    )
    return admin


def test_list_is_newest_first_with_seed_columns_and_filters(client_for, django_assert_max_num_queries):
    make_rows(3)
    make_rows(2, module="merchant", operation="merchant:approve", status="failed")
    client = client_for(staff_user("admin"))
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/admin/operation-logs?size=2").json()["data"]
    assert data["pagination"] == {"page": 1, "size": 2, "total": 5}
    assert list(data["list"][0]) == list(OPERATION_LOG_COLUMNS)
    ids = [r["id"] for r in client.get("/api/v1/admin/operation-logs").json()["data"]["list"]]
    assert ids == sorted(ids, reverse=True)
    failed = client.get("/api/v1/admin/operation-logs?status=failed&module=merchant").json()["data"]
    assert failed["pagination"]["total"] == 2
    assert {r["operation"] for r in failed["list"]} == {"merchant:approve"}
    assert client.get("/api/v1/admin/operation-logs?status=maybe").status_code == 400
    assert client.get("/api/v1/admin/operation-logs?created_from=not-a-date").status_code == 400


def test_export_streams_csv_of_many_rows_and_is_itself_logged(client_for):
    make_rows(5000)
    exporter = staff_user("admin")
    response = client_for(exporter).get("/api/v1/admin/operation-logs/export?module=user")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    chunks = 0
    text = io.StringIO()
    for chunk in response.streaming_content:
        chunks += 1
        text.write(chunk.decode("utf-8"))
    rows = list(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    assert rows[0] == list(OPERATION_LOG_COLUMNS)
    assert len(rows) == 5001
    assert chunks > 1000  # one chunk per row: produced as read, never built whole
    export_row = OperationLog.objects.get(operation="data:export")
    assert export_row.admin_id == exporter.pk and export_row.request_method == "GET"


def test_export_memory_stays_bounded_while_streaming_many_rows(client_for, monkeypatch):
    """10,000 rows of ~1 KB make a ~10 MB CSV; streaming it holds one database chunk at a time."""
    from accounts import staff_api

    monkeypatch.setattr(staff_api, "EXPORT_CHUNK_SIZE", 200)
    admin = staff_user("admin")
    OperationLog.objects.bulk_create(
        OperationLog(admin=admin, admin_name=admin.username, module="user", operation="user:update",
                     target_id=str(i), request_params="x" * 1000, status="success")
        for i in range(10_000)
    )
    response = client_for(admin).get("/api/v1/admin/operation-logs/export?module=user")
    total = 0
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            total += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 10_000_000
    assert peak < total / 5, f"peak {peak} bytes for a {total}-byte export"


def test_admin_csv_export_action_needs_data_export():
    make_rows(3)
    viewer = staff_user("admin")  # data:view and data:export
    only_view = staff_user()
    only_view.user_permissions.add(*__import__("django.contrib.auth.models", fromlist=["Permission"])
                                   .Permission.objects.filter(codename="data:view"))
    ids = [str(pk) for pk in OperationLog.objects.values_list("pk", flat=True)]
    response = admin_client(viewer).post("/admin/accounts/operationlog/",
                                         {"action": "export_csv", "_selected_action": ids})
    assert isinstance(response, StreamingHttpResponse)
    assert len(b"".join(response.streaming_content).decode().strip().splitlines()) == 4
    assert OperationLog.objects.filter(operation="data:export", admin=viewer).count() == 1

    client = admin_client(only_view)
    assert client.get("/admin/accounts/operationlog/").status_code == 200
    response = client.post("/admin/accounts/operationlog/", {"action": "export_csv", "_selected_action": ids})
    assert not isinstance(response, StreamingHttpResponse)
    assert OperationLog.objects.filter(operation="data:export", admin=only_view).count() == 0


def test_admin_add_logs_the_new_rows_id():
    editor = staff_user("content_manager")
    response = admin_client(editor).post("/admin/merchants/successcase/add/", {
        "title": "A new case", "description": "", "image_url": "", "merchant": "", "_continue": "1",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content[:3000]
    from merchants.models import SuccessCase

    case = SuccessCase.objects.get()
    assert case.created_by == editor and case.state == "draft"
    assert list(case.events.values_list("type", flat=True)) == ["created"]
    row = OperationLog.objects.get()
    assert (row.operation, row.target_type, row.target_id) == ("content:create", "content", str(case.pk))


def test_staff_json_rpc_calls_are_named_after_the_method_and_refusals_are_failed(client):
    from common.errors import Conflict
    from common.jsonrpc import METHODS, rpc_method
    from tests.conftest import access_token_for

    # A name no app registers, so removing it afterwards cannot take a real method away.
    @rpc_method("probe.updateOrderState")
    def update(request, oid, state_code, state=None):
        if state_code == 99:
            raise Conflict("order is paid")
        return {"oid": oid}

    try:
        auth = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(staff_user())}"}
        for code in (5, 99):
            body = {"jsonrpc": "2.0", "id": 1, "method": "probe.updateOrderState", "params": ["ORD1", code],
                    "token": "t0ken"}
            assert client.post("/api/rpc", data=json.dumps(body), content_type="application/json",
                               **auth).status_code == 200
        ok, refused = OperationLog.objects.order_by("id")
        assert (ok.module, ok.operation, ok.target_id, ok.status) == ("probe", "probe:updateOrderState", "ORD1",
                                                                      "success")
        assert (refused.status, refused.error_message) == ("failed", "order is paid")
        assert "t0ken" not in ok.request_params
        # A plain user's call is not a staff write.
        plain = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(UserFactory())}"}
        client.post("/api/rpc", data=json.dumps({"jsonrpc": "2.0", "id": 2, "method": "probe.updateOrderState",
                                                 "params": ["ORD1", 5]}), content_type="application/json", **plain)
        assert OperationLog.objects.count() == 2
    finally:
        METHODS.pop("probe.updateOrderState", None)


def test_list_filters_by_time_window_in_iso_or_plain_dates(client_for):
    from datetime import timedelta

    from django.utils import timezone

    make_rows(2)
    old = OperationLog.objects.order_by("id").first()
    OperationLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    client = client_for(staff_user("admin"))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    data = client.get("/api/v1/admin/operation-logs", {"created_from": since}).json()["data"]
    assert [r["id"] for r in data["list"]] != [] and old.pk not in [r["id"] for r in data["list"]]
    day = (timezone.now() - timedelta(days=2)).date().isoformat()
    data = client.get("/api/v1/admin/operation-logs", {"created_to": day}).json()["data"]
    assert [r["id"] for r in data["list"]] == [old.pk]
