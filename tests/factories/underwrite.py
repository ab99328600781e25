"""Factories for underwriting: placed plan orders made directly (tests of the full flow place them through
the orders API)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from orders.models import Order, PlanOrderExt
from tests.factories import UserFactory
from tests.factories.orders import QuotationFactory, VehicleFactory
from underwrite.permissions import OPERATOR_GROUP, REVIEWER_GROUP


class PlanOrderFactory(factory.django.DjangoModelFactory):
    """A placed plan order with its PlanOrderExt (quotation)."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    order_no = factory.Sequence(lambda n: f"ORDUW{n:06d}")  # apart from the daily ORD+date numbers
    kind = Order.Kind.PLAN
    state = Order.S.PLACED
    buyer = factory.SubFactory(UserFactory)
    vehicle = factory.SubFactory(VehicleFactory, owner=factory.SelfAttribute("..buyer"))
    summary = Decimal("6000.00")
    payment = Decimal("6000.00")

    @factory.post_generation
    def quotation(self, create, extracted, **kwargs):
        if create:
            PlanOrderExt.objects.create(order=self, quotation=extracted or QuotationFactory(vehicle=self.vehicle))


def operator_user(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=OPERATOR_GROUP)[0])
    return user


def reviewer_user(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=REVIEWER_GROUP)[0])
    return user


def plan_time(days: int = 1):
    return timezone.now() + timedelta(days=days)
