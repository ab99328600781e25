"""Animals (claim) and activities (register, cancel) pages, with fixed query budgets for the lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import ActivityRegistration, Animal, AnimalClaim, AnimalUpdate
from community.services.activities import activity_create
from tests.factories.community import ActivityFactory, AnimalFactory

pytestmark = pytest.mark.django_db

ANIMALS_QUERIES = 6  # session, user, count, page (+merchant), my claims (+animal), live badge
ACTIVITIES_QUERIES = 6  # session, user, count, page (+merchant, places taken), my registrations, live badge


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_claim_an_animal_from_the_page(client, user):
    animal = AnimalFactory(price=Decimal("800.00"))
    client.force_login(user)
    assert [a.pk for a in client.get("/animals/").context["animals"]] == [animal.pk]
    client.post(f"/animals/{animal.pk}/claim/", {"price_paid": "800.00", "agree": "on"})
    animal.refresh_from_db()
    claim = AnimalClaim.objects.get(user=user)
    assert animal.status == Animal.Status.CLAIMED and claim.price_paid == Decimal("800.00")
    assert [c.pk for c in client.get("/animals/").context["claims"]] == [claim.pk]


def test_claim_with_a_stale_price_is_refused_readably(client, user):
    animal = AnimalFactory(price=Decimal("800.00"))
    client.force_login(user)
    response = client.post(f"/animals/{animal.pk}/claim/", {"price_paid": "700.00", "agree": "on"}, follow=True)
    assert len(list(response.context["messages"])) == 1 and not AnimalClaim.objects.exists()
    response = client.post(f"/animals/{animal.pk}/claim/", {"price_paid": "abc", "agree": "on"}, follow=True)
    assert len(list(response.context["messages"])) == 1 and not AnimalClaim.objects.exists()


def test_register_and_cancel_an_activity(client, user):
    activity = ActivityFactory(max_participants=1)
    client.force_login(user)
    client.post(f"/activities/{activity.pk}/register/")
    page = client.get("/activities/")
    assert page.context["mine"] == {activity.pk}
    assert ActivityRegistration.objects.filter(user=user, status__in=ActivityRegistration.HOLDING).count() == 1
    client.post(f"/activities/{activity.pk}/cancel/")
    assert client.get("/activities/").context["mine"] == set()


def test_full_activity_refuses_a_registration_with_a_message(client, user, other_user):
    activity = ActivityFactory(max_participants=1)
    client.force_login(other_user)
    client.post(f"/activities/{activity.pk}/register/")
    client.force_login(user)
    response = client.post(f"/activities/{activity.pk}/register/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "This activity is full."
    assert not ActivityRegistration.objects.filter(user=user).exists()


def test_list_query_budgets_do_not_grow_with_rows(client, user):
    client.force_login(user)
    AnimalFactory()
    ActivityFactory()
    few = (queries(client, "/animals/"), queries(client, "/activities/"))
    for _n in range(6):
        AnimalFactory()
        ActivityFactory()
    many = (queries(client, "/animals/"), queries(client, "/activities/"))
    assert few == many == (ANIMALS_QUERIES, ACTIVITIES_QUERIES)


def test_paid_activity_registration_goes_to_its_order_to_pay(client, user):
    organizer = ActivityFactory().merchant.user
    start = timezone.now() + timedelta(days=3)
    activity = activity_create(user=organizer, title="Pottery", start_time=start, end_time=start + timedelta(hours=2),
                               fee=Decimal("50.00"), max_participants=5)
    client.force_login(user)
    response = client.post(f"/activities/{activity.pk}/register/")
    registration = ActivityRegistration.objects.get(user=user, activity=activity)
    assert registration.status == "pending_payment"
    assert response["Location"] == f"/orders/{registration.order_id}/"
    assert client.get(response["Location"]).context["actions"] == ["pay", "cancel"]


def test_claim_asks_for_confirmation_then_links_the_agreement(client, user, settings):
    animal = AnimalFactory(price=Decimal("800.00"), name="Daisy")
    client.force_login(user)
    page = client.get(f"/animals/{animal.pk}/claim/").content.decode()
    assert "¥800.00" in page and f"{settings.CLAIM_DAYS} days" in page and "claim agreement" in page
    client.post(f"/animals/{animal.pk}/claim/", {"price_paid": "800.00"})  # no tick: nothing happens
    assert not AnimalClaim.objects.exists()
    response = client.post(f"/animals/{animal.pk}/claim/", {"price_paid": "800.00", "agree": "on"})
    claim = AnimalClaim.objects.get(user=user)
    assert response.url == f"/animals/{animal.pk}/"
    detail = client.get(response.url).content.decode()
    assert f"/api/v1/animals/claims/{claim.pk}/agreement" in detail
    assert client.get(f"/api/v1/animals/claims/{claim.pk}/agreement").status_code == 200


def test_animal_and_activity_detail_pages(client, user):
    animal = AnimalFactory(name="Daisy")
    AnimalUpdate.objects.create(animal=animal, content="Daisy had a good day.")
    activity = ActivityFactory(title="Apple picking")
    assert "Daisy had a good day." in client.get(f"/animals/{animal.pk}/").content.decode()
    assert "Apple picking" in client.get(f"/activities/{activity.pk}/").content.decode()
    assert client.get("/animals/999999/").status_code == 404
    assert client.get("/activities/999999/").status_code == 404


def test_a_farm_lists_an_animal_and_posts_updates_others_cannot(client, user):
    farm = AnimalFactory().merchant  # an approved farm_owner
    client.force_login(farm.user)
    response = client.post("/animals/new/", {"name": "Daisy", "species": "alpaca", "price": "800"})
    animal = Animal.objects.get(name="Daisy")
    assert response.url == f"/animals/{animal.pk}/"
    client.post(f"/animals/{animal.pk}/", {"update_type": "text", "content": "Sheared today."})
    assert AnimalUpdate.objects.get(animal=animal).content == "Sheared today."
    client.force_login(user)  # not the farm: no form, a POST changes nothing
    assert "Post update" not in client.get(f"/animals/{animal.pk}/").content.decode()
    client.post(f"/animals/{animal.pk}/", {"update_type": "text", "content": "Hi"})
    assert AnimalUpdate.objects.count() == 1
    response = client.post("/animals/new/", {"name": "Nope", "species": "goat", "price": "1"})
    assert response.status_code == 200 and not Animal.objects.filter(name="Nope").exists()


def test_farm_withdraws_and_restores_an_animal_from_its_page(client, user):
    animal = AnimalFactory()
    farm = animal.merchant.user
    client.force_login(user)
    page = client.get(f"/animals/{animal.pk}/").content.decode()
    assert 'data-testid="animal-withdraw"' not in page
    client.post(f"/animals/{animal.pk}/withdraw/")
    animal.refresh_from_db()
    assert animal.status == Animal.Status.AVAILABLE  # not the farm: refused
    client.force_login(farm)
    page = client.get(f"/animals/{animal.pk}/").content.decode()
    assert 'data-testid="animal-withdraw"' in page and "data-confirm=" in page
    assert client.get(f"/animals/{animal.pk}/withdraw/").status_code == 405
    client.post(f"/animals/{animal.pk}/withdraw/")
    animal.refresh_from_db()
    assert animal.status == Animal.Status.UNAVAILABLE
    assert 'data-testid="animal-restore"' in client.get(f"/animals/{animal.pk}/").content.decode()
    response = client.post(f"/animals/{animal.pk}/restore/", follow=True)
    animal.refresh_from_db()
    assert animal.status == Animal.Status.AVAILABLE
    assert [str(m) for m in response.context["messages"]] == ["The animal is available again."]


def test_a_farm_finds_its_withdrawn_animal_again_from_the_merchant_page(client, user):
    """Issue 16 journey (dead end found in the browser): a withdrawn animal leaves every public list, so its
    farm reaches it (to restore it) through Merchant → My animals, which lists all its animals by state."""
    animal = AnimalFactory(name="Daisy")
    AnimalFactory(name="Not mine")
    farm = animal.merchant.user
    client.force_login(farm)
    client.post(f"/animals/{animal.pk}/withdraw/")
    assert "Daisy" not in client.get("/animals/").content.decode()
    assert 'href="/animals/mine/"' in client.get("/merchant/").content.decode()
    response = client.get("/animals/mine/")
    page = response.content.decode()
    assert response.status_code == 200 and [a.pk for a in response.context["animals"]] == [animal.pk]
    assert f'href="/animals/{animal.pk}/"' in page and "unavailable" in page and "Not mine" not in page
    assert 'href="/animals/new/"' in page  # a way on: list another
    client.force_login(user)  # not a farm: nothing listed, no link from an empty merchant page
    assert list(client.get("/animals/mine/").context["animals"]) == []
    assert 'href="/animals/mine/"' not in client.get("/merchant/").content.decode()


def test_messages_keep_their_list_semantics_inside_the_status_region(client, user):
    """axe `listitem` (seen by the animal journey): a role on the <ul> hid its items' list; the live region
    wraps the list instead."""
    animal = AnimalFactory()
    client.force_login(animal.merchant.user)
    page = client.post(f"/animals/{animal.pk}/withdraw/", follow=True).content.decode()
    assert '<div role="status"><ul class="messages">' in page and "The animal is withdrawn." in page
