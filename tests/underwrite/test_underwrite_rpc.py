"""The nine seed-002 calls over JSON-RPC (`POST /api/rpc`), with the seed's example arguments."""

import json

import pytest
from django.contrib.auth.models import Group

from orders.models import Order
from tests.conftest import access_token_for
from tests.factories import UserFactory
from underwrite.models import Underwrite
from underwrite.permissions import OPERATOR_GROUP

pytestmark = pytest.mark.django_db

SEED_PLACE = "北京市东城区东直门东方银座"
SEED_PROBLEMS = [{"type": "剐蹭", "description": "追尾。。。。"}, {"type": "剐蹭", "description": "追尾。。。。"}]
SEED_TIME = "9999-12-31 23:59:59"  # the seed's examples send it as the last-seen update time


def call(client, user, method, *params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {access_token_for(user)}"} if user else {}
    response = client.post(
        "/api/rpc",
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": f"underwrite.{method}", "params": list(params)}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert "result" in body, body
    return body["result"]


@pytest.fixture
def zhang_san(db):
    """The seed's operator, 张三."""
    user = UserFactory(username="张三")
    user.groups.add(Group.objects.get_or_create(name=OPERATOR_GROUP)[0])
    return user


def test_the_seed_walkthrough(client, plan_order, operator, reviewer, zhang_san, buyer):
    # createUnderwrite(oid, plan_time, validate_place, validate_update_time)
    result = call(client, operator, "createUnderwrite", plan_order.order_no, "2026-12-01T10:00:00+08:00", SEED_PLACE,
                  SEED_TIME)
    assert result["code"] == 200 and result["msg"] is None
    created = result["data"]
    uwid = created["id"]
    assert created["state"] == "scheduled" and created["plan_time"] == "2026-12-01T02:00:00.000000Z"
    assert Order.objects.get(pk=plan_order.pk).state == Order.S.UNDERWRITING

    # alterValidatePlace with the seed's time: someone has stored a time this client never saw → 409
    result = call(client, operator, "alterValidatePlace", uwid, SEED_PLACE, SEED_TIME)
    assert result["code"] == 409
    assert created["validate_update_time"] in result["msg"]
    result = call(client, operator, "alterValidatePlace", uwid, "望京", created["validate_update_time"])
    assert result["code"] == 200 and result["data"]["validate_place"] == "望京"

    # uploadPhotos(uwid, photo)
    result = call(client, operator, "uploadPhotos", uwid, "http://www.baidu.com")
    assert result["code"] == 200
    assert [p["photo"] for p in result["data"]["photos"]] == ["http://www.baidu.com"]

    # fillUnderwrite(uwid, real_place, operator, certificate_state, problems, photos)
    result = call(client, operator, "fillUnderwrite", uwid, SEED_PLACE, "张三", 1, SEED_PROBLEMS, [])
    assert result["code"] == 200, result
    filled = result["data"]
    assert filled["state"] == "inspected" and filled["operator"] == zhang_san.pk
    assert [(p["type"], p["description"]) for p in filled["problems"]] == [("剐蹭", "追尾。。。。")] * 2

    # alterRealPlace(uwid, real_place, real_update_time): the seed's time is stale
    assert call(client, operator, "alterRealPlace", uwid, "通过", SEED_TIME)["code"] == 409
    result = call(client, operator, "alterRealPlace", uwid, "东直门", filled["real_update_time"])
    assert result["code"] == 200 and result["data"]["real_place"] == "东直门"

    # alterNote: nothing stored yet, so any last-seen time is accepted once; then the seed's time is stale
    result = call(client, operator, "alterNote", uwid, "备注内容", SEED_TIME)
    assert result["code"] == 200 and result["data"]["note"] == "备注内容"
    assert call(client, operator, "alterNote", uwid, "另一条", SEED_TIME)["code"] == 409
    assert Underwrite.objects.get(pk=uwid).note == "备注内容"

    # submitUnderwriteResult(uwid, "未通过", "9999-12-31 23:59:59"): no result stored yet → accepted
    result = call(client, reviewer, "submitUnderwriteResult", uwid, "未通过", SEED_TIME)
    assert result["code"] == 200, result
    assert result["data"]["state"] == "failed" and result["data"]["underwrite_result"] == "failed"
    assert Order.objects.get(pk=plan_order.pk).state == Order.S.REJECTED

    # alterUnderwriteResult(uwid, "通过", "9999-12-31 23:59:59"): stale → 409, nothing changed
    stale = call(client, reviewer, "alterUnderwriteResult", uwid, "通过", SEED_TIME)
    assert stale["code"] == 409 and "msg" in stale and "data" not in stale
    assert Order.objects.get(pk=plan_order.pk).state == Order.S.REJECTED
    result = call(client, reviewer, "alterUnderwriteResult", uwid, "通过", result["data"]["result_update_time"])
    assert result["code"] == 200 and result["data"]["state"] == "passed"
    assert Order.objects.get(pk=plan_order.pk).state == Order.S.UNDERWRITTEN

    # getUnderwriteByOrder(oid): by order_no or id, for the buyer
    for oid in (plan_order.order_no, str(plan_order.pk)):
        result = call(client, buyer, "getUnderwriteByOrder", oid)
        assert result["code"] == 200
        assert result["data"]["id"] == uwid and result["data"]["state"] == "passed"


def test_wrong_users_get_403_and_404_results(client, scheduled, buyer, reviewer):
    uwid = str(scheduled.pk)
    seen = scheduled.validate_update_time.isoformat()
    assert call(client, buyer, "alterValidatePlace", uwid, "x", seen)["code"] == 403
    assert call(client, reviewer, "alterNote", uwid, "x", None)["code"] == 403
    assert call(client, buyer, "uploadPhotos", uwid, "http://www.baidu.com")["code"] == 403
    assert call(client, UserFactory(), "getUnderwriteByOrder", scheduled.order.order_no)["code"] == 404
    assert call(client, None, "getUnderwriteByOrder", scheduled.order.order_no)["code"] == 401
    scheduled.refresh_from_db()
    assert scheduled.validate_place == "东方银座" and scheduled.note is None


def test_wrong_state_and_bad_input_results(client, scheduled, plan_order, operator, reviewer):
    uwid = str(scheduled.pk)
    assert call(client, reviewer, "submitUnderwriteResult", uwid, "通过", SEED_TIME)["code"] == 409
    assert call(client, operator, "createUnderwrite", plan_order.order_no, "2026-12-01 10:00:00", "x", None)["code"] == 409
    assert call(client, operator, "createUnderwrite", plan_order.order_no, "not a time", "x", None)["code"] == 400
    assert call(client, reviewer, "submitUnderwriteResult", uwid, "也许", SEED_TIME)["code"] == 400
    assert call(client, operator, "fillUnderwrite", uwid, SEED_PLACE, None, 7, SEED_PROBLEMS, [])["code"] == 400
    assert call(client, operator, "uploadPhotos", uwid, "ftp:/nope")["code"] == 400
    assert call(client, operator, "alterNote", "not-a-uuid", "x", None)["code"] == 404
    assert call(client, operator, "alterNote", "00000000-0000-0000-0000-000000000000", "x", None)["code"] == 404
    assert call(client, operator, "getUnderwriteByOrder", "ORD-NOPE")["code"] == 404


def test_the_seed_operator_name_must_be_an_operator(client, scheduled, operator):
    UserFactory(username="张三")  # exists, but not in underwrite_operator
    result = call(client, operator, "fillUnderwrite", str(scheduled.pk), SEED_PLACE, "张三", 1, SEED_PROBLEMS, [])
    assert result["code"] == 400
    scheduled.refresh_from_db()
    assert scheduled.state == "scheduled"


def test_missing_params_are_a_protocol_error(client, operator):
    response = client.post(
        "/api/rpc",
        data=json.dumps({"jsonrpc": "2.0", "id": 3, "method": "underwrite.createUnderwrite", "params": ["x"]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {access_token_for(operator)}",
    )
    assert response.json()["error"]["code"] == -32602


def test_upload_photos_takes_images_as_data_uris(client, scheduled, operator, buyer, settings):
    import base64

    from tests.underwrite.test_underwrite_photos import image_bytes
    from underwrite.models import UnderwritePhoto

    png = image_bytes("PNG")
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    result = call(client, operator, "uploadPhotos", str(scheduled.pk), [uri, "http://www.baidu.com"])
    assert result["code"] == 200, result
    photos = result["data"]["photos"]
    assert [p["content_type"] for p in photos] == ["image/png", ""]
    stored = UnderwritePhoto.objects.get(pk=photos[0]["id"])
    with stored.file.open("rb") as fh:
        assert fh.read() == png
    assert client.get(photos[0]["photo"], HTTP_AUTHORIZATION=f"Bearer {access_token_for(buyer)}").status_code == 200

    text = "data:image/png;base64," + base64.b64encode(b"not an image").decode()
    assert call(client, operator, "uploadPhotos", str(scheduled.pk), text)["code"] == 400
    assert call(client, operator, "uploadPhotos", str(scheduled.pk), "data:image/png;base64,@@@")["code"] == 400
    settings.UPLOAD_MAX_BYTES = len(png) - 1
    assert call(client, operator, "uploadPhotos", str(scheduled.pk), uri)["code"] == 400
    assert UnderwritePhoto.objects.count() == 2
    settings.UPLOAD_MAX_BYTES = 10
    assert call(client, operator, "uploadPhotos", str(scheduled.pk), "data:image/png;base64," + "A" * 4000)["code"] == 400
