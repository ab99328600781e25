"""Admin pages of the community area render, and admin actions go through the services."""

import pytest
from django.test import Client
from django.utils import timezone

from chat.models import Message
from community.models import AnimalClaim
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, AnimalFactory, TravelPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("url", [
    "/admin/community/animal/", "/admin/community/animalclaim/", "/admin/community/animalupdate/",
    "/admin/community/activity/", "/admin/community/activityevent/", "/admin/orders/review/",
    "/admin/travel/travelplan/", "/admin/travel/invitation/", "/admin/travel/companionship/",
    "/admin/merchants/product/",
])
def test_changelists_render(admin_client, url):
    AnimalFactory()
    ActivityFactory()
    TravelPlanFactory()
    assert admin_client.get(url).status_code == 200


def test_animal_and_activity_change_pages_render(admin_client):
    assert admin_client.get(f"/admin/community/animal/{AnimalFactory().pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/community/activity/{ActivityFactory().pk}/change/").status_code == 200


def test_admin_cancel_action_cancels_through_the_service(admin_client):
    animal = AnimalFactory(status="claimed")
    claimant = UserFactory()
    claim = AnimalClaim.objects.create(user=claimant, animal=animal, price_paid=animal.price,
                                       claimed_at=timezone.now(), ends_at=timezone.now())
    response = admin_client.post("/admin/community/animalclaim/",
                                 {"action": "cancel_claims", "apply": "1", "reason": "", "_selected_action": [claim.pk]})
    assert response.status_code == 302
    claim.refresh_from_db()
    animal.refresh_from_db()
    assert claim.status == "cancelled" and animal.status == "available"
    assert Message.objects.filter(recipient=claimant, data__status="cancelled").exists()


def test_admin_mark_unavailable_action(admin_client):
    animal = AnimalFactory()
    admin_client.post("/admin/community/animal/", {"action": "mark_unavailable", "_selected_action": [animal.pk]})
    animal.refresh_from_db()
    assert animal.status == "unavailable"
