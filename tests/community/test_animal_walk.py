"""Every animal transition through its service (issue 13): available → unavailable → available (the farm),
one typed AnimalEvent per step. Claiming and releasing are the claims' walk (test_claim_walk.py)."""

from decimal import Decimal

import pytest

from community.models import Animal, AnimalEvent
from community.services import animals as services
from merchants.models import Merchant
from tests.factories.community import MerchantFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


def test_animal_walk(django_capture_on_commit_callbacks):
    farm = MerchantFactory(merchant_type=Merchant.Type.FARM_OWNER)
    animal = walk_step(django_capture_on_commit_callbacks, events=AnimalEvent.objects.all(), type="created",
                       run=lambda: services.animal_create(user=farm.user, name="小羊驼", species="羊驼",
                                                         price=Decimal("1000")))
    events = AnimalEvent.objects.filter(animal=animal)
    for available, type, state in [(False, "withdraw", Animal.Status.UNAVAILABLE),
                                   (True, "restore", Animal.Status.AVAILABLE)]:
        walk_step(django_capture_on_commit_callbacks, events=events, type=type,
                  run=lambda available=available: services.animal_set_availability(
                      animal_id=animal.pk, actor=farm.user, available=available))
        animal.refresh_from_db()
        assert animal.status == state
