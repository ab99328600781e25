"""Factories for underwriting: plan orders made directly (the orders issue builds placement separately)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from orders.models import Order, PlanOrderExt, Quotation, Vehicle
from tests.factories import UserFactory
from underwrite.permissions import OPERATOR_GROUP, REVIEWER_GROUP


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    owner = factory.SubFactory(UserFactory)
    plate_no = factory.Sequence(lambda n: f"京A{n:05d}")
    vin = factory.Sequence(lambda n: f"LVIN{n:013d}")
    value = Decimal("100000.00")


class QuotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quotation

    vehicle = factory.SubFactory(VehicleFactory)
    total = Decimal("6000.00")


class PlanOrderFactory(factory.django.DjangoModelFactory):
    """A placed plan order with its PlanOrderExt (quotation)."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    order_no = factory.Sequence(lambda n: f"ORD20261121{n:04d}")
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
