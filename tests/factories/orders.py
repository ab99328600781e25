"""Factories for orders and the seed-002 catalog."""

from decimal import Decimal

import factory

from merchants.models import Merchant, Product
from orders.models import Driver, Plan, PlanItem, Promotion, Quotation, Vehicle
from tests.factories import UserFactory


class ApprovedMerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    user = factory.SubFactory(UserFactory)
    merchant_type = Merchant.Type.FLOWER_SHOP
    business_name = factory.Sequence(lambda n: f"Shop {n}")
    contact_person = "Zhang San"
    contact_phone = "13800138000"
    status = Merchant.Status.APPROVED


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    merchant = factory.SubFactory(ApprovedMerchantFactory)
    name = factory.Sequence(lambda n: f"Product {n}")
    price = Decimal("100.00")


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    owner = factory.SubFactory(UserFactory)
    plate_no = factory.Sequence(lambda n: f"京A{n:05d}")
    vin = factory.Sequence(lambda n: f"VIN{n:014d}")
    value = Decimal("100000.00")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan {n}")


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Item {n}")
    price = Decimal("1000.00")


class QuotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quotation
        skip_postgeneration_save = True

    vehicle = factory.SubFactory(VehicleFactory)

    @factory.post_generation
    def plans(self, create, extracted, **kwargs):
        if create and extracted:
            self.plans.set(extracted)


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion

    code = factory.Sequence(lambda n: f"PROMO{n}")
    discount = Decimal("500.00")


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Driver

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Driver {n}")
    license_no = factory.Sequence(lambda n: f"L{n:010d}")
