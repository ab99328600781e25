import io

import pytest

from accounts import demo as accounts_demo
from orders.models import Order
from tests.factories.underwrite import PlanOrderFactory
from underwrite import demo
from underwrite.models import Underwrite
from underwrite.permissions import is_operator, is_reviewer

pytestmark = pytest.mark.django_db


def test_demo_without_a_plan_order_schedules_nothing():
    accounts_demo.load(password="tradepost-demo", stdout=io.StringIO())
    demo.load(password="tradepost-demo", stdout=io.StringIO())
    inspector = accounts_demo.demo_user("inspector")
    assert is_operator(inspector) and is_reviewer(inspector)
    assert not Underwrite.objects.exists()


def test_demo_schedules_bobs_plan_order_once():
    accounts_demo.load(password="tradepost-demo", stdout=io.StringIO())
    order = PlanOrderFactory(buyer=accounts_demo.demo_user("bob"))
    for _ in range(2):
        demo.load(password="tradepost-demo", stdout=io.StringIO())
    underwrite = Underwrite.objects.get()
    assert underwrite.order == order and underwrite.state == "scheduled"
    assert underwrite.operator.username == "inspector"
    assert Order.objects.get(pk=order.pk).state == Order.S.UNDERWRITING
