"""The underwrite REST endpoints: happy paths, wrong users, wrong states, stale update times, bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chat.models import Message
from orders.models import Order, OrderEvent
from tests.factories import UserFactory
from tests.factories.underwrite import PlanOrderFactory, plan_time
from underwrite.models import Underwrite, UnderwriteEvent

pytestmark = pytest.mark.django_db

SEED_KEYS = {
    "id", "state", "order", "quotation", "operator", "plan_time", "real_time", "validate_place",
    "validate_update_time", "real_place", "real_update_time", "certificate_state", "note", "note_update_time",
    "underwrite_result", "result_update_time", "created_at", "updated_at", "deleted", "problems", "photos",
}


def create(client, order, **extra):
    body = {"oid": order.order_no, "plan_time": plan_time().isoformat(), "validate_place": "东方银座", **extra}
    return client.post("/api/v1/underwrites", body, format="json")


# --- create ------------------------------------------------------------------------------------------------
def test_create_schedules_and_moves_the_order(client_for, operator, plan_order, buyer):
    response = create(client_for(operator), plan_order)
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert SEED_KEYS <= set(data)
    assert data["state"] == "scheduled"
    assert data["order"] == str(plan_order.pk) and data["order_no"] == plan_order.order_no
    assert data["quotation"] == str(plan_order.plan_ext.quotation_id)
    assert data["operator"] == operator.pk
    assert data["validate_update_time"] is not None

    plan_order.refresh_from_db()
    assert plan_order.state == Order.S.UNDERWRITING
    event = OrderEvent.objects.get(order=plan_order)
    assert (event.type, event.from_state, event.to_state, event.actor) == (
        "underwrite_start", "placed", "underwriting", operator)
    assert UnderwriteEvent.objects.get(underwrite_id=data["id"]).type == "created"
    notice = Message.objects.get(recipient=buyer)
    assert notice.type == Message.Type.SYSTEM and notice.order_id == plan_order.pk
    assert notice.data["event"] == "scheduled"


def test_create_accepts_the_order_id(client_for, operator, plan_order):
    response = create(client_for(operator), plan_order, oid=str(plan_order.pk))
    assert response.status_code == 201


@pytest.mark.parametrize("who", ["buyer", "reviewer", "stranger"])
def test_create_by_a_non_operator_is_403(client_for, plan_order, buyer, reviewer, who):
    user = {"buyer": buyer, "reviewer": reviewer, "stranger": UserFactory()}[who]
    assert create(client_for(user), plan_order).status_code == 403
    plan_order.refresh_from_db()
    assert plan_order.state == Order.S.PLACED
    assert not Underwrite.objects.exists()


def test_create_requires_authentication(api, plan_order):
    assert create(api, plan_order).status_code == 401


def test_create_twice_is_409(client_for, operator, plan_order):
    assert create(client_for(operator), plan_order).status_code == 201
    response = create(client_for(operator), plan_order)
    assert response.status_code == 409
    assert Underwrite.objects.count() == 1


def test_create_on_a_paid_order_is_409_naming_the_state(client_for, operator, plan_order):
    Order.objects.filter(pk=plan_order.pk).update(state=Order.S.PAID)
    response = create(client_for(operator), plan_order)
    assert response.status_code == 409
    assert "paid" in response.json()["message"]
    assert not Underwrite.objects.exists()


def test_create_on_a_non_plan_order_is_400(client_for, operator, plan_order):
    Order.objects.filter(pk=plan_order.pk).update(kind=Order.Kind.DRIVER)
    assert create(client_for(operator), plan_order).status_code == 400


def test_create_unknown_order_is_404(client_for, operator):
    response = client_for(operator).post(
        "/api/v1/underwrites", {"oid": "ORD000", "plan_time": plan_time().isoformat(), "validate_place": "x"},
        format="json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"plan_time": "tomorrow"}, "plan_time"),
        ({"plan_time": None}, "plan_time"),
        ({"validate_place": ""}, "validate_place"),
        ({"validate_place": "x" * 257}, "validate_place"),
        ({"operator": "nobody-by-this-name"}, "operator"),
    ],
)
def test_create_bad_input_is_400_and_changes_nothing(client_for, operator, plan_order, body, field):
    response = create(client_for(operator), plan_order, **body)
    assert response.status_code == 400
    assert field in response.json()["data"]
    plan_order.refresh_from_db()
    assert plan_order.state == Order.S.PLACED
    assert not Underwrite.objects.exists()


# --- read --------------------------------------------------------------------------------------------------
def test_buyer_reads_own_underwrite_and_nobody_else_does(client_for, scheduled, buyer, operator, reviewer):
    url = f"/api/v1/underwrites/{scheduled.pk}"
    for user in (buyer, operator, reviewer):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response.json()["data"]["id"] == str(scheduled.pk)
    assert client_for(UserFactory()).get(url).status_code == 404


def test_get_by_order_id_or_order_no(client_for, scheduled, buyer):
    order = scheduled.order
    for oid in (order.order_no, str(order.pk)):
        response = client_for(buyer).get(f"/api/v1/orders/{oid}/underwrite")
        assert response.status_code == 200, oid
        assert response.json()["data"]["id"] == str(scheduled.pk)
    assert client_for(UserFactory()).get(f"/api/v1/orders/{order.order_no}/underwrite").status_code == 404
    other = PlanOrderFactory(buyer=buyer)
    assert client_for(buyer).get(f"/api/v1/orders/{other.order_no}/underwrite").status_code == 404


def test_read_costs_a_fixed_number_of_queries(client_for, inspected, operator, django_assert_num_queries):
    client = client_for(operator)
    with django_assert_num_queries(5):
        # user, group membership, underwrite+order+operator, problems, photos
        response = client.get(f"/api/v1/underwrites/{inspected.pk}")
    assert response.status_code == 200
    assert len(response.json()["data"]["problems"]) == 1


def test_list_query_count_does_not_grow_with_rows(client_for, operator, django_assert_num_queries):
    client = client_for(operator)
    for _ in range(3):
        assert create(client, PlanOrderFactory()).status_code == 201
    with django_assert_num_queries(6):
        # user, group membership, count, page (+order, operator), problems, photos
        response = client.get("/api/v1/underwrites?size=50")
    assert len(response.json()["data"]["list"]) == 3


def test_list_shows_staff_everything_and_buyers_their_own(client_for, scheduled, operator, buyer):
    PlanOrderFactory()  # another buyer's order without underwrite
    other = PlanOrderFactory()
    client = client_for(operator)
    assert create(client, other).status_code == 201
    assert client.get("/api/v1/underwrites").json()["data"]["pagination"]["total"] == 2
    mine = client_for(buyer).get("/api/v1/underwrites").json()["data"]
    assert [row["id"] for row in mine["list"]] == [str(scheduled.pk)]
    assert client.get("/api/v1/underwrites?state=inspected").json()["data"]["pagination"]["total"] == 0
    assert client.get("/api/v1/underwrites?state=scheduled,inspected").json()["data"]["pagination"]["total"] == 2


# --- fill --------------------------------------------------------------------------------------------------
FILL = {
    "real_place": "北京市东城区东直门东方银座",
    "certificate_state": 1,
    "problems": [{"type": "剐蹭", "description": "追尾。。。。"}, {"type": "剐蹭", "description": "追尾。。。。"}],
    "photos": ["http://www.baidu.com"],
}


def test_fill_records_the_inspection(client_for, scheduled, operator, buyer):
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/fill", FILL, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["state"] == "inspected"
    assert data["real_place"] == FILL["real_place"] and data["real_time"] and data["real_update_time"]
    assert data["certificate_state"] == 1
    assert [p["type"] for p in data["problems"]] == ["剐蹭", "剐蹭"]
    assert [p["photo"] for p in data["photos"]] == ["http://www.baidu.com"]
    assert Message.objects.filter(recipient=buyer, data__event="inspected").exists()


def test_fill_names_another_operator(client_for, scheduled, operator):
    from tests.factories.underwrite import operator_user

    colleague = operator_user()
    for value in (colleague.username, colleague.pk):
        Underwrite.objects.filter(pk=scheduled.pk).update(state="scheduled")
        response = client_for(operator).post(
            f"/api/v1/underwrites/{scheduled.pk}/fill", {**FILL, "operator": value}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["data"]["operator"] == colleague.pk


def test_fill_by_a_reviewer_or_buyer_is_403(client_for, scheduled, reviewer, buyer):
    for user in (reviewer, buyer):
        assert client_for(user).post(f"/api/v1/underwrites/{scheduled.pk}/fill", FILL, format="json").status_code == 403
    scheduled.refresh_from_db()
    assert scheduled.state == "scheduled"


def test_fill_twice_is_409(client_for, inspected, operator):
    response = client_for(operator).post(f"/api/v1/underwrites/{inspected.pk}/fill", FILL, format="json")
    assert response.status_code == 409
    assert "inspected" in response.json()["message"]


@pytest.mark.parametrize(
    "change",
    [{"certificate_state": 3}, {"real_place": ""}, {"problems": [{"description": "no type"}]},
     {"photos": ["not a url"]}, {"operator": "buyer1"}, {"operator": "9" * 30}, {"operator": "²"},
     {"operator": 10**12}],
)
def test_fill_bad_input_is_400(client_for, scheduled, operator, buyer, change):
    response = client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/fill", {**FILL, **change}, format="json")
    assert response.status_code == 400
    scheduled.refresh_from_db()
    assert scheduled.state == "scheduled" and not scheduled.problems.exists()


def test_fill_unknown_underwrite_is_404(client_for, operator, db):
    response = client_for(operator).post(
        "/api/v1/underwrites/00000000-0000-0000-0000-000000000000/fill", FILL, format="json"
    )
    assert response.status_code == 404


# --- results -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("word, state, order_state", [
    ("passed", "passed", "underwritten"), ("通过", "passed", "underwritten"),
    ("failed", "failed", "rejected"), ("未通过", "failed", "rejected"),
])
def test_submit_result_moves_the_order(client_for, inspected, reviewer, buyer, word, state, order_state):
    response = client_for(reviewer).post(
        f"/api/v1/underwrites/{inspected.pk}/result", {"underwrite_result": word}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["state"] == state and data["underwrite_result"] == state and data["result_update_time"]
    order = Order.objects.get(pk=inspected.order_id)
    assert order.state == order_state
    assert OrderEvent.objects.filter(order=order, to_state=order_state, actor=reviewer).count() == 1
    assert Message.objects.filter(recipient=buyer, data__event="result", data__order_state=order_state).exists()


def test_submit_result_by_an_operator_is_403(client_for, inspected, operator):
    url = f"/api/v1/underwrites/{inspected.pk}/result"
    assert client_for(operator).post(url, {"underwrite_result": "passed"}, format="json").status_code == 403
    inspected.refresh_from_db()
    assert inspected.state == "inspected"


def test_submit_result_before_inspection_is_409(client_for, scheduled, reviewer):
    url = f"/api/v1/underwrites/{scheduled.pk}/result"
    response = client_for(reviewer).post(url, {"underwrite_result": "passed"}, format="json")
    assert response.status_code == 409
    assert "scheduled" in response.json()["message"]
    assert Order.objects.get(pk=scheduled.order_id).state == Order.S.UNDERWRITING


def test_submit_result_twice_is_409(client_for, passed, reviewer):
    url = f"/api/v1/underwrites/{passed.pk}/result"
    assert client_for(reviewer).post(url, {"underwrite_result": "failed"}, format="json").status_code == 409


def test_submit_bad_result_word_is_400(client_for, inspected, reviewer):
    url = f"/api/v1/underwrites/{inspected.pk}/result"
    assert client_for(reviewer).post(url, {"underwrite_result": "maybe"}, format="json").status_code == 400


def test_alter_result_flips_the_order_until_paid(client_for, passed, reviewer, buyer):
    client = client_for(reviewer)
    url = f"/api/v1/underwrites/{passed.pk}/result"
    seen = client.get(f"/api/v1/underwrites/{passed.pk}").json()["data"]["result_update_time"]
    response = client.patch(url, {"underwrite_result": "未通过", "result_update_time": seen}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["state"] == "failed"
    assert Order.objects.get(pk=passed.order_id).state == Order.S.REJECTED
    assert Message.objects.filter(recipient=buyer, data__event="result_altered").exists()

    # and back, with the time the last answer returned
    response = client.patch(url, {"underwrite_result": "通过", "result_update_time": data["result_update_time"]},
                            format="json")
    assert response.status_code == 200
    assert Order.objects.get(pk=passed.order_id).state == Order.S.UNDERWRITTEN

    # once the order is paid the result is final
    Order.objects.filter(pk=passed.order_id).update(state=Order.S.PAID)
    seen = response.json()["data"]["result_update_time"]
    response = client.patch(url, {"underwrite_result": "failed", "result_update_time": seen}, format="json")
    assert response.status_code == 409
    assert "paid" in response.json()["message"]
    passed.refresh_from_db()
    assert passed.state == "passed"


def test_alter_result_with_a_stale_time_is_409_with_the_current_value(client_for, passed, reviewer):
    stale = (passed.result_update_time - timedelta(seconds=1)).isoformat()
    response = client_for(reviewer).patch(
        f"/api/v1/underwrites/{passed.pk}/result", {"underwrite_result": "failed", "result_update_time": stale},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["data"]["current"] == "passed"
    from underwrite.serializers import format_instant, parse_instant

    assert parse_instant(body["data"]["update_time"]) == passed.result_update_time
    assert body["data"]["update_time"] == format_instant(passed.result_update_time)
    assert Order.objects.get(pk=passed.order_id).state == Order.S.UNDERWRITTEN


def test_alter_result_by_an_operator_is_403_and_before_a_result_409(client_for, inspected, operator, reviewer):
    url = f"/api/v1/underwrites/{inspected.pk}/result"
    body = {"underwrite_result": "failed", "result_update_time": None}
    assert client_for(operator).patch(url, body, format="json").status_code == 403
    assert client_for(reviewer).patch(url, body, format="json").status_code == 409


def test_alter_result_to_the_same_result_is_409(client_for, passed, reviewer):
    seen = client_for(reviewer).get(f"/api/v1/underwrites/{passed.pk}").json()["data"]["result_update_time"]
    response = client_for(reviewer).patch(
        f"/api/v1/underwrites/{passed.pk}/result", {"underwrite_result": "通过", "result_update_time": seen},
        format="json",
    )
    assert response.status_code == 409


# --- places and notes (stale writes) -----------------------------------------------------------------------
def test_alter_validate_place_round_trips_the_time(client_for, scheduled, operator, buyer):
    client = client_for(operator)
    seen = client.get(f"/api/v1/underwrites/{scheduled.pk}").json()["data"]["validate_update_time"]
    url = f"/api/v1/underwrites/{scheduled.pk}/validate-place"
    response = client.patch(url, {"validate_place": "望京", "validate_update_time": seen}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["validate_place"] == "望京" and data["validate_update_time"] != seen
    assert Message.objects.filter(recipient=buyer, data__event="validate_place_altered").exists()

    # a second writer who still holds the first time loses, and sees the winner's value
    response = client.patch(url, {"validate_place": "国贸", "validate_update_time": seen}, format="json")
    assert response.status_code == 409
    assert response.json()["data"] == {
        "field": "validate_place", "current": "望京", "update_time": data["validate_update_time"]
    }
    scheduled.refresh_from_db()
    assert scheduled.validate_place == "望京"


def test_alter_validate_place_accepts_the_same_instant_in_another_zone(client_for, scheduled, operator):
    from zoneinfo import ZoneInfo

    seen = scheduled.validate_update_time.astimezone(ZoneInfo("Asia/Shanghai")).isoformat()
    response = client_for(operator).patch(
        f"/api/v1/underwrites/{scheduled.pk}/validate-place", {"validate_place": "望京", "validate_update_time": seen},
        format="json",
    )
    assert response.status_code == 200


def test_alter_validate_place_after_inspection_is_409(client_for, inspected, operator):
    response = client_for(operator).patch(
        f"/api/v1/underwrites/{inspected.pk}/validate-place",
        {"validate_place": "望京", "validate_update_time": inspected.validate_update_time.isoformat()}, format="json",
    )
    assert response.status_code == 409


def test_alter_validate_place_by_the_buyer_is_403(client_for, scheduled, buyer):
    response = client_for(buyer).patch(
        f"/api/v1/underwrites/{scheduled.pk}/validate-place",
        {"validate_place": "望京", "validate_update_time": scheduled.validate_update_time.isoformat()}, format="json",
    )
    assert response.status_code == 403


def test_alter_real_place(client_for, scheduled, operator, reviewer):
    client = client_for(operator)
    url = f"/api/v1/underwrites/{scheduled.pk}/real-place"
    assert client.patch(url, {"real_place": "望京", "real_update_time": None}, format="json").status_code == 409
    data = client.post(f"/api/v1/underwrites/{scheduled.pk}/fill", FILL, format="json").json()["data"]
    assert client.patch(url, {"real_place": "国贸", "real_update_time": "9999-12-31 23:59:59"},
                        format="json").status_code == 409
    response = client.patch(url, {"real_place": "国贸", "real_update_time": data["real_update_time"]}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["real_place"] == "国贸"
    assert client_for(reviewer).patch(url, {"real_place": "x", "real_update_time": None},
                                      format="json").status_code == 403


def test_alter_note_first_write_then_stale(client_for, scheduled, operator):
    client = client_for(operator)
    url = f"/api/v1/underwrites/{scheduled.pk}/note"
    first = client.patch(url, {"note": "车主改约", "note_update_time": None}, format="json")
    assert first.status_code == 200
    seen = first.json()["data"]["note_update_time"]
    second = client.patch(url, {"note": "第二次", "note_update_time": seen}, format="json")
    assert second.status_code == 200
    stale = client.patch(url, {"note": "迟到的修改", "note_update_time": seen}, format="json")
    assert stale.status_code == 409
    assert stale.json()["data"]["current"] == "第二次"
    assert client.patch(url, {"note": "x", "note_update_time": None}, format="json").status_code == 409
    scheduled.refresh_from_db()
    assert scheduled.note == "第二次"
    assert UnderwriteEvent.objects.filter(underwrite=scheduled, type="note_altered").count() == 2


@pytest.mark.parametrize("body", [{"note": "x"}, {"note": "x", "note_update_time": "yesterday"}, {"note_update_time": None}])
def test_alter_note_bad_input_is_400(client_for, scheduled, operator, body):
    assert client_for(operator).patch(f"/api/v1/underwrites/{scheduled.pk}/note", body, format="json").status_code == 400


def test_update_times_differ_on_back_to_back_writes(client_for, scheduled, operator):
    """Even two writes within one clock tick get different update times, so the stale check holds."""
    from unittest import mock

    client = client_for(operator)
    url = f"/api/v1/underwrites/{scheduled.pk}/note"
    frozen = timezone.now()
    with mock.patch("underwrite.services.common.timezone.now", return_value=frozen):
        first = client.patch(url, {"note": "a", "note_update_time": None}, format="json").json()["data"]
        second = client.patch(url, {"note": "b", "note_update_time": first["note_update_time"]}, format="json")
    assert second.status_code == 200
    assert second.json()["data"]["note_update_time"] != first["note_update_time"]
    assert client.patch(url, {"note": "c", "note_update_time": first["note_update_time"]},
                        format="json").status_code == 409


def test_events_list_every_change_for_readers_only(client_for, passed, buyer, reviewer):
    response = client_for(buyer).get(f"/api/v1/underwrites/{passed.pk}/events")
    assert response.status_code == 200
    rows = response.json()["data"]["list"]
    assert [(r["type"], r["to_state"]) for r in rows] == [
        ("created", "scheduled"), ("filled", "inspected"), ("result_submitted", "passed")
    ]
    assert rows[-1]["actor"] == reviewer.pk and rows[-1]["data"] == {"underwrite_result": "passed"}
    assert client_for(UserFactory()).get(f"/api/v1/underwrites/{passed.pk}/events").status_code == 404


def test_result_on_a_cancelled_order_is_409_and_changes_nothing(client_for, inspected, reviewer):
    Order.objects.filter(pk=inspected.order_id).update(state=Order.S.CANCELLED)
    response = client_for(reviewer).post(
        f"/api/v1/underwrites/{inspected.pk}/result", {"underwrite_result": "passed"}, format="json"
    )
    assert response.status_code == 409
    assert "cancelled" in response.json()["message"]
    inspected.refresh_from_db()
    assert inspected.state == "inspected" and inspected.underwrite_result is None
    assert not OrderEvent.objects.filter(order_id=inspected.order_id, type="underwrite_pass").exists()


def test_messages_follow_the_language(client_for, scheduled, buyer):
    client = client_for(buyer)
    url = f"/api/v1/underwrites/{scheduled.pk}/note"
    body = {"note": "x", "note_update_time": None}
    assert client.patch(url, body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["message"] == (
        "只有验车工作人员可以执行此操作。"
    )
    assert client.patch(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en").json()["message"] == (
        "Only underwrite operators may do this."
    )
    notice = Message.objects.get(recipient=buyer, data__event="scheduled")
    assert scheduled.order.order_no in notice.content


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "2026-13-01T00:00:00Z"])
def test_times_outside_the_calendar_are_400(client_for, scheduled, operator, value):
    response = client_for(operator).patch(
        f"/api/v1/underwrites/{scheduled.pk}/note", {"note": "x", "note_update_time": value}, format="json"
    )
    assert response.status_code == 400


def test_too_many_problems_is_400(client_for, scheduled, operator):
    body = {**FILL, "problems": [{"type": "剐蹭", "description": ""}] * 51}
    assert client_for(operator).post(f"/api/v1/underwrites/{scheduled.pk}/fill", body, format="json").status_code == 400


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1"])
def test_list_bad_operator_filter_is_400(client_for, operator, value):
    assert client_for(operator).get("/api/v1/underwrites", {"operator": value}).status_code == 400


def test_list_filters_by_operator(client_for, scheduled, operator):
    client = client_for(operator)
    assert client.get("/api/v1/underwrites", {"operator": operator.pk}).json()["data"]["pagination"]["total"] == 1
    assert client.get("/api/v1/underwrites", {"operator": operator.pk + 1000}).json()["data"]["pagination"]["total"] == 0
