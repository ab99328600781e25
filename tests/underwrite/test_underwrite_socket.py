"""The buyer is told each underwrite step live on their socket (stored first, pushed after commit)."""

import pytest
from asgiref.sync import sync_to_async

from tests.chat.test_socket_spine import authed_socket
from tests.factories import UserFactory
from tests.factories.underwrite import PlanOrderFactory, operator_user, plan_time, reviewer_user
from underwrite import services

pytestmark = pytest.mark.django_db(transaction=True)


def _setup():
    buyer = UserFactory()
    return buyer, PlanOrderFactory(buyer=buyer), operator_user(), reviewer_user()


async def test_buyer_socket_gets_each_step():
    buyer, order, operator, reviewer = await sync_to_async(_setup)()
    stranger = await sync_to_async(UserFactory)()
    socket = await authed_socket(buyer)
    other = await authed_socket(stranger)

    underwrite = await sync_to_async(services.underwrite_create)(
        actor=operator, oid=order.order_no, plan_time=plan_time(), validate_place="东方银座"
    )
    frame = await socket.receive_json_from(timeout=3)
    assert frame["type"] == "system" and frame["orderId"] == str(order.pk)
    assert frame["data"]["event"] == "scheduled" and frame["data"]["order_state"] == "underwriting"

    await sync_to_async(services.underwrite_fill)(actor=operator, underwrite_id=underwrite.pk, real_place="x",
                                                  certificate_state=2)
    assert (await socket.receive_json_from(timeout=3))["data"]["event"] == "inspected"

    await sync_to_async(services.underwrite_submit_result)(actor=reviewer, underwrite_id=underwrite.pk,
                                                           result="failed")
    frame = await socket.receive_json_from(timeout=3)
    assert frame["data"]["event"] == "result" and frame["data"]["order_state"] == "rejected"
    assert await other.receive_nothing(timeout=0.3)
    await socket.disconnect()
    await other.disconnect()
