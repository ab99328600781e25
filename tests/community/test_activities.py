"""Activities and registrations (seed 004 `activities`, DESIGN §3.5)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from chat.models import Message
from community.models import Activity, ActivityEvent, ActivityRegistration
from merchants.models import Merchant, Product
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, MerchantFactory

pytestmark = pytest.mark.django_db


def activity_body(**overrides):
    start = timezone.now() + timedelta(days=3)
    return {"title": "周末羊驼亲子游", "description": "和羊驼一起散步", "activity_type": "family",
            "start_time": start.isoformat(), "end_time": (start + timedelta(hours=3)).isoformat(),
            "location": "XX农场", "fee": "0.00", "max_participants": 10, **overrides}


@pytest.fixture
def organizer():
    return MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)


def test_organizer_publishes_an_activity(organizer, client_for):
    response = client_for(organizer.user).post("/api/v1/activities", activity_body(), format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["merchant_id"] == organizer.pk and data["status"] == "published"
    assert data["places_left"] == 10 and data["fee"] == "0.00"
    assert set(data) >= {"id", "merchant_id", "title", "description", "activity_type", "start_time", "end_time",
                         "location", "fee", "max_participants", "status"}


def test_only_approved_organizers_publish(client_for, user_api):
    farm = MerchantFactory(merchant_type=Merchant.Type.FARM_OWNER)
    pending = MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER, status="pending")
    for client in (client_for(farm.user), client_for(pending.user), user_api):
        assert client.post("/api/v1/activities", activity_body(), format="json").status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"max_participants": 0}, "max_participants"),
    ({"fee": "-1"}, "fee"),
    ({"start_time": (timezone.now() - timedelta(days=1)).isoformat()}, "start_time"),
])
def test_bad_activity_is_400_and_changes_nothing(organizer, client_for, change, field):
    response = client_for(organizer.user).post("/api/v1/activities", activity_body(**change), format="json")
    assert response.status_code == 400 and field in response.json()["data"]
    assert not Activity.objects.exists()


def test_end_before_start_is_400(organizer, client_for):
    start = timezone.now() + timedelta(days=3)
    body = activity_body(start_time=start.isoformat(), end_time=(start - timedelta(hours=1)).isoformat())
    response = client_for(organizer.user).post("/api/v1/activities", body, format="json")
    assert response.status_code == 400 and "end_time" in response.json()["data"]


def test_list_and_detail_show_places(api, user_api):
    activity = ActivityFactory(max_participants=2)
    user_api.post(f"/api/v1/activities/{activity.pk}/register")
    body = api.get("/api/v1/activities").json()["data"]
    assert body["pagination"]["total"] == 1
    assert body["list"][0]["places_taken"] == 1 and body["list"][0]["places_left"] == 1
    assert api.get(f"/api/v1/activities/{activity.pk}").json()["data"]["places_left"] == 1
    assert api.get("/api/v1/activities/99999").status_code == 404


def test_register_free_activity_then_cancel(user, user_api, organizer):
    activity = ActivityFactory(merchant=organizer)
    response = user_api.post(f"/api/v1/activities/{activity.pk}/register")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["status"] == "registered" and data["user_id"] == user.pk and data["activity_id"] == activity.pk
    assert Message.objects.filter(recipient=organizer.user, data__registration_id=data["id"]).exists()
    # twice is a conflict
    assert user_api.post(f"/api/v1/activities/{activity.pk}/register").status_code == 409
    mine = user_api.get("/api/v1/activities/registrations").json()["data"]["list"]
    assert [row["id"] for row in mine] == [data["id"]]

    response = user_api.post(f"/api/v1/activities/{activity.pk}/cancel-registration")
    assert response.status_code == 200 and response.json()["data"]["status"] == "cancelled"
    assert list(ActivityEvent.objects.filter(registration_id=data["id"]).values_list("type", flat=True)) == [
        "registered", "cancelled"]
    assert user_api.post(f"/api/v1/activities/{activity.pk}/cancel-registration").status_code == 404
    # the place is free again, and the user may register again
    assert user_api.delete(f"/api/v1/activities/{activity.pk}/register").status_code == 404
    assert user_api.post(f"/api/v1/activities/{activity.pk}/register").status_code == 201


def test_a_fee_makes_the_registration_pending_payment_with_an_order(user_api):
    activity = ActivityFactory(fee=Decimal("88.00"))
    activity.product = Product.objects.create(merchant=activity.merchant, name="fee", price=activity.fee,
                                              category="activity")
    activity.save()
    data = user_api.post(f"/api/v1/activities/{activity.pk}/register").json()["data"]
    assert data["status"] == "pending_payment" and data["order_id"]


def test_a_fee_activity_without_its_product_refuses_with_409(user_api):
    activity = ActivityFactory(fee=Decimal("88.00"))
    assert user_api.post(f"/api/v1/activities/{activity.pk}/register").status_code == 409
    assert not ActivityRegistration.objects.exists()


def test_a_full_activity_refuses_with_409(client_for):
    activity = ActivityFactory(max_participants=2)
    for _ in range(2):
        assert client_for(UserFactory()).post(f"/api/v1/activities/{activity.pk}/register").status_code == 201
    response = client_for(UserFactory()).post(f"/api/v1/activities/{activity.pk}/register")
    assert response.status_code == 409
    assert ActivityRegistration.objects.filter(activity=activity).count() == 2


def test_organizer_cannot_register_and_sees_registrations(organizer, client_for, user_api):
    activity = ActivityFactory(merchant=organizer)
    organizer_api = client_for(organizer.user)
    assert organizer_api.post(f"/api/v1/activities/{activity.pk}/register").status_code == 403
    user_api.post(f"/api/v1/activities/{activity.pk}/register")
    assert organizer_api.get(f"/api/v1/activities/{activity.pk}/registrations").json()["data"]["pagination"]["total"] == 1
    assert user_api.get(f"/api/v1/activities/{activity.pk}/registrations").status_code == 403


def test_started_or_cancelled_activities_refuse_registrations(user_api):
    started = ActivityFactory(start_time=timezone.now() - timedelta(hours=1), end_time=timezone.now() + timedelta(hours=1))
    assert user_api.post(f"/api/v1/activities/{started.pk}/register").status_code == 409
    cancelled = ActivityFactory(status="cancelled")
    response = user_api.post(f"/api/v1/activities/{cancelled.pk}/register")
    assert response.status_code == 409 and "cancelled" in response.json()["message"]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_thirty_registrations_for_ten_places_make_ten():
    from community.services.activities import activity_register

    activity = ActivityFactory(max_participants=10)
    users = UserFactory.create_batch(30)
    barrier = threading.Barrier(30)
    results = []

    def attempt(u):
        try:
            barrier.wait()
            activity_register(activity_id=activity.pk, user=u)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10, results
    assert set(results) - {"ok"} == {"Conflict"}
    assert ActivityRegistration.objects.filter(activity=activity, status="registered").count() == 10


def test_a_suspended_organizer_takes_no_registrations(user_api, api):
    activity = ActivityFactory(merchant=MerchantFactory(merchant_type="activity_organizer", status="suspended"))
    assert user_api.post(f"/api/v1/activities/{activity.pk}/register").status_code == 409
    assert api.get("/api/v1/activities").json()["data"]["list"] == []
    assert not ActivityRegistration.objects.exists()
