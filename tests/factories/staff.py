"""Factories for the staff side: staff users in roles, merchants, applications, success cases."""

import factory
from django.contrib.auth.models import Group

from accounts.roles import sync_roles
from merchants.models import Merchant, MerchantApplication, SuccessCase
from tests.factories import UserFactory


def ensure_roles() -> None:
    """The data migration seeds the roles, but a transactional test elsewhere flushes every table;
    put them back the same way (sync_roles is what the migration runs)."""
    if not Group.objects.filter(name="super_admin").exists():
        sync_roles()


def staff_user(*roles: str, **fields):
    """An active staff user in the given roles (groups seeded by the data migration)."""
    ensure_roles()
    user = UserFactory(is_staff=True, **fields)
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
    return user


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    user = factory.SubFactory(UserFactory)
    merchant_type = Merchant.Type.FARM_OWNER
    business_name = factory.Sequence(lambda n: f"Farm {n}")
    contact_person = "张三"
    contact_phone = factory.Sequence(lambda n: f"1380013{n:04d}")


class MerchantApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MerchantApplication

    business_name = factory.Sequence(lambda n: f"Applicant {n}")
    merchant_type = Merchant.Type.FLOWER_SHOP
    contact_person = "李四"
    contact_phone = factory.Sequence(lambda n: f"1390013{n:04d}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    description = "A flower shop"


class SuccessCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessCase

    title = factory.Sequence(lambda n: f"Case {n}")
    description = "How a farm went digital"
    image_url = "https://example.com/case.jpg"
