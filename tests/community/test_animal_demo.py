"""Community demo data: created for approved demo merchants only, idempotent."""

import io

import pytest

from accounts import demo as accounts_demo
from community import demo as demo_community
from community.models import Activity, Animal
from merchants.models import Merchant, Product
from travel import demo as travel_demo
from travel.models import TravelPlan

pytestmark = pytest.mark.django_db


def load_all():
    out = io.StringIO()
    accounts_demo.load(password="tradepost-demo-1", stdout=out)
    demo_community.load(password="tradepost-demo-1", stdout=out)
    travel_demo.load(password="tradepost-demo-1", stdout=out)
    return out.getvalue()


def test_nothing_without_approved_merchants():
    output = load_all()
    assert not Animal.objects.exists() and not Activity.objects.exists() and not Product.objects.exists()
    assert "no approved 'farm' merchant" in output
    assert TravelPlan.objects.filter(user__username__in=["alice", "bob"]).count() == 2


def test_animals_products_and_an_activity_for_the_demo_merchants_idempotently():
    load_all()
    from accounts.demo import demo_user

    for name, kind in (("farm", "farm_owner"), ("fun", "activity_organizer")):
        Merchant.objects.create(user=demo_user(name), merchant_type=kind, business_name=name, contact_person="张三",
                                contact_phone="13800138000", status="approved")
    load_all()
    counts = (Animal.objects.count(), Product.objects.count(), Activity.objects.count(), TravelPlan.objects.count())
    load_all()
    assert (Animal.objects.count(), Product.objects.count(), Activity.objects.count(),
            TravelPlan.objects.count()) == counts
    assert counts[0] == 3 and counts[1] == 2 and counts[2] == 1
    assert set(Animal.objects.values_list("merchant__user__username", flat=True)) == {"farm"}
    assert Activity.objects.get().merchant.user.username == "fun"
