"""Issue 13 item 8: the community lists filter through FilterSets in the selectors: each filter keeps the rows
it names and drops the others, repeated values mean any of, a bad value is a 400 envelope, and filtering
adds no query."""

import pytest
from django.utils import timezone

from community.models import Activity, ActivityRegistration, Animal, AnimalClaim
from merchants.models import Merchant
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, AnimalFactory, MerchantFactory
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids

pytestmark = pytest.mark.django_db


def _claim(user, status=AnimalClaim.Status.ACTIVE, animal=None):
    now = timezone.now()
    return AnimalClaim.objects.create(user=user, animal=animal or AnimalFactory(), price_paid=1, claimed_at=now,
                                      ends_at=now, status=status)


@pytest.fixture
def animals():
    farm = MerchantFactory()
    return {
        "alpaca": AnimalFactory(merchant=farm, species="alpaca"),
        "goat": AnimalFactory(species="goat"),
        "claimed": AnimalFactory(merchant=farm, species="goat", status=Animal.Status.CLAIMED),
        "withdrawn": AnimalFactory(species="goat", status=Animal.Status.UNAVAILABLE),
    }


def test_animal_filters(api, animals):
    a = {name: animal.pk for name, animal in animals.items()}
    assert ids(api, "/api/v1/animals") == sorted([a["alpaca"], a["goat"], a["claimed"]])
    assert ids(api, "/api/v1/animals?species=goat") == sorted([a["goat"], a["claimed"]])
    assert ids(api, "/api/v1/animals?species=alpaca,goat") == sorted([a["alpaca"], a["goat"], a["claimed"]])
    assert ids(api, "/api/v1/animals?status=claimed") == [a["claimed"]]
    assert ids(api, "/api/v1/animals?status=unavailable&status=claimed") == sorted([a["claimed"], a["withdrawn"]])
    assert ids(api, f"/api/v1/animals?merchant_id={animals['alpaca'].merchant_id}") == sorted(
        [a["alpaca"], a["claimed"]])
    assert ids(api, "/api/v1/animals?merchant_id=999999") == []


@pytest.mark.parametrize("query, param", [("status=asleep", "status"), ("status=claimed,asleep", "status"),
                                          ("merchant_id=x", "merchant_id"), ("merchant_id=0", "merchant_id"),
                                          (f"merchant_id={2**63}", "merchant_id")])
def test_animal_bad_filters(api, query, param):
    assert_bad_filter(api, f"/api/v1/animals?{query}", param)


def test_animal_filters_add_no_query(api, animals):
    assert_filters_add_no_query(api, "/api/v1/animals", f"species=goat&status=claimed,available&merchant_id="
                                                        f"{animals['goat'].merchant_id}")


def test_claim_filters(user, user_api, client_for):
    farm = MerchantFactory()
    active = _claim(user, animal=AnimalFactory(merchant=farm))
    ended = _claim(user, AnimalClaim.Status.ENDED)
    theirs = _claim(UserFactory(), animal=AnimalFactory(merchant=farm))
    assert ids(user_api, "/api/v1/animals/claims") == sorted([active.pk, ended.pk])
    assert ids(user_api, "/api/v1/animals/claims?status=ended") == [ended.pk]
    assert ids(user_api, "/api/v1/animals/claims?status=ended&status=active") == sorted([active.pk, ended.pk])
    assert ids(user_api, "/api/v1/animals/claims?role=claimant&status=cancelled") == []
    assert ids(user_api, "/api/v1/animals/claims?role=merchant") == []
    farm_api = client_for(farm.user)
    assert ids(farm_api, "/api/v1/animals/claims?role=merchant") == sorted([active.pk, theirs.pk])
    assert ids(farm_api, "/api/v1/animals/claims?role=merchant&status=ended") == []
    assert_filters_add_no_query(user_api, "/api/v1/animals/claims", "status=active,ended&role=claimant")


@pytest.mark.parametrize("query, param", [("status=bogus", "status"), ("role=owner", "role")])
def test_claim_bad_filters(user_api, query, param):
    assert_bad_filter(user_api, f"/api/v1/animals/claims?{query}", param)


def test_activity_filters(api):
    organizer = MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)
    hike = ActivityFactory(merchant=organizer, activity_type="hiking")
    farm_day = ActivityFactory(activity_type="farm")
    ActivityFactory(activity_type="farm", status=Activity.Status.CANCELLED)  # never listed
    assert ids(api, "/api/v1/activities") == sorted([hike.pk, farm_day.pk])
    assert ids(api, "/api/v1/activities?activity_type=farm") == [farm_day.pk]
    assert ids(api, "/api/v1/activities?activity_type=farm,hiking") == sorted([hike.pk, farm_day.pk])
    assert ids(api, f"/api/v1/activities?merchant_id={organizer.pk}") == [hike.pk]
    assert ids(api, f"/api/v1/activities?merchant_id={organizer.pk}&activity_type=farm") == []
    assert_bad_filter(api, "/api/v1/activities?merchant_id=1.5", "merchant_id")
    assert_filters_add_no_query(api, "/api/v1/activities", f"activity_type=farm&merchant_id={organizer.pk}")


def test_registration_filters(user, user_api, client_for):
    activity = ActivityFactory()
    registered = ActivityRegistration.objects.create(activity=activity, user=user)
    cancelled = ActivityRegistration.objects.create(activity=ActivityFactory(), user=user,
                                                    status=ActivityRegistration.Status.CANCELLED)
    other = ActivityRegistration.objects.create(activity=activity, user=UserFactory(),
                                                status=ActivityRegistration.Status.PENDING_PAYMENT)
    mine = "/api/v1/activities/registrations"
    assert ids(user_api, mine) == sorted([registered.pk, cancelled.pk])
    assert ids(user_api, f"{mine}?status=cancelled") == [cancelled.pk]
    assert ids(user_api, f"{mine}?status=registered,pending_payment") == [registered.pk]
    assert_bad_filter(user_api, f"{mine}?status=maybe", "status")
    assert_filters_add_no_query(user_api, mine, "status=registered")

    organizer = client_for(activity.merchant.user)
    of_activity = f"/api/v1/activities/{activity.pk}/registrations"
    assert ids(organizer, of_activity) == sorted([registered.pk, other.pk])
    assert ids(organizer, f"{of_activity}?status=pending_payment") == [other.pk]
    assert ids(organizer, f"{of_activity}?status=cancelled") == []
    assert_bad_filter(organizer, f"{of_activity}?status=maybe", "status")
    assert_filters_add_no_query(organizer, of_activity, "status=registered&status=pending_payment")


def test_pages_filter_through_the_same_filtersets(client, animals):
    assert [a.pk for a in client.get("/animals/?species=alpaca").context["animals"]] == [animals["alpaca"].pk]
    response = client.get("/animals/?status=asleep")
    assert response.status_code == 400
    hike = ActivityFactory(activity_type="hiking")
    ActivityFactory(activity_type="farm")
    assert [a.pk for a in client.get("/activities/?type=hiking").context["activities"]] == [hike.pk]
