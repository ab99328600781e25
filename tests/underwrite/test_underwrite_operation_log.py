"""Staff writes on underwrites are in the operation log, named by the seed's call."""

import json

import pytest

from accounts.models import OperationLog
from tests.conftest import access_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_operator(operator):
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    return operator


def test_rest_write_is_logged_with_the_call_name(client_for, scheduled, staff_operator):
    response = client_for(staff_operator).patch(
        f"/api/v1/underwrites/{scheduled.pk}/note", {"note": "x", "note_update_time": None}, format="json"
    )
    assert response.status_code == 200
    log = OperationLog.objects.get()
    assert (log.module, log.operation, log.target_type, log.target_id) == (
        "underwrite", "underwrite:alterNote", "underwrite", str(scheduled.pk))
    assert log.admin == staff_operator


def test_rpc_write_is_logged_and_refusals_too(client, scheduled, staff_operator):
    body = {"jsonrpc": "2.0", "id": 1, "method": "underwrite.alterNote",
            "params": [str(scheduled.pk), "备注内容", None]}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(staff_operator)}"}
    for _ in range(2):  # the second is a stale write (409 result)
        client.post("/api/rpc", data=json.dumps(body), content_type="application/json", **headers)
    logs = list(OperationLog.objects.order_by("created_at", "id"))
    # One row per call, named `module:verb` after the seed's method (DESIGN §9), with the real outcome.
    assert [(log.module, log.operation, log.target_id, log.status) for log in logs] == [
        ("underwrite", "underwrite:alterNote", str(scheduled.pk), "success"),
        ("underwrite", "underwrite:alterNote", str(scheduled.pk), "failed")]
    assert logs[1].error_message
