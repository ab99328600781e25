"""Factories for the community area: merchants, travel plans, animals, activities."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from community.models import Activity, Animal
from merchants.models import Merchant
from tests.factories import UserFactory
from travel.models import TravelPlan


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    user = factory.SubFactory(UserFactory)
    merchant_type = Merchant.Type.FARM_OWNER
    business_name = factory.Sequence(lambda n: f"农场{n}")
    contact_person = "张三"
    contact_phone = factory.Sequence(lambda n: f"1380013{n:04d}")
    status = Merchant.Status.APPROVED


class TravelPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TravelPlan

    user = factory.SubFactory(UserFactory)
    destination = "云南"
    start_date = date(2030, 10, 1)
    end_date = date(2030, 10, 7)
    budget = Decimal("5000.00")
    interests = "徒步,摄影"
    visibility = TravelPlan.Visibility.PUBLIC


class AnimalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Animal

    merchant = factory.SubFactory(MerchantFactory)
    name = factory.Sequence(lambda n: f"小羊驼{n}")
    species = "羊驼"
    breed = "苏利羊驼"
    birth_date = date(2020, 1, 1)
    personality = "温顺可爱"
    farm_location = "XX农场"
    price = Decimal("1000.00")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    merchant = factory.SubFactory(MerchantFactory, merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)
    title = factory.Sequence(lambda n: f"周末徒步{n}")
    description = "轻松徒步"
    activity_type = "hiking"
    start_time = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end_time = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7, hours=4))
    location = "香山"
    fee = Decimal("0.00")
    max_participants = 10
