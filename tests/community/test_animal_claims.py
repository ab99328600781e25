"""Animal claiming (seed 004 §2.3; DESIGN §3.5, §8 "Animals")."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from chat.models import Message
from community.models import Animal, AnimalClaim, AnimalEvent, AnimalUpdate
from community.services.animals import claims_end_due
from community.tasks import sweep_claim_expiry
from merchants.models import Merchant
from tests.factories import UserFactory
from tests.factories.community import AnimalFactory, MerchantFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db

ANIMAL = {"name": "小羊驼", "species": "羊驼", "breed": "苏利羊驼", "birth_date": "2020-01-01",
          "personality": "温顺可爱", "farm_location": "XX农场", "price": 1000.00}


@pytest.fixture
def farm():
    return MerchantFactory(merchant_type=Merchant.Type.FARM_OWNER)


def test_farm_owner_creates_an_animal(farm, client_for):
    response = client_for(farm.user).post("/api/v1/animals", ANIMAL, format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["merchant_id"] == farm.pk and data["status"] == "available" and data["price"] == "1000.00"
    assert AnimalEvent.objects.filter(animal_id=data["id"], type="created").exists()


@pytest.mark.parametrize("merchant_type, status", [("activity_organizer", "approved"), ("farm_owner", "pending"),
                                                   ("farm_owner", "suspended")])
def test_only_approved_farm_owners_create_animals(client_for, merchant_type, status):
    merchant = MerchantFactory(merchant_type=merchant_type, status=status)
    assert client_for(merchant.user).post("/api/v1/animals", ANIMAL, format="json").status_code == 403
    assert not Animal.objects.exists()


def test_user_without_merchant_cannot_create_animals(user_api):
    assert user_api.post("/api/v1/animals", ANIMAL, format="json").status_code == 403


def test_list_animals_filters_by_species_and_hides_unavailable(api):
    alpaca = AnimalFactory(species="羊驼")
    AnimalFactory(species="小猪")
    hidden = AnimalFactory(species="羊驼")
    hidden.withdraw()
    hidden.save()
    body = api.get("/api/v1/animals", {"page": 1, "size": 10, "species": "羊驼"}).json()["data"]
    assert [row["id"] for row in body["list"]] == [alpaca.pk]
    assert body["pagination"] == {"page": 1, "size": 10, "total": 1}
    row = body["list"][0]
    assert set(row) >= {"id", "merchant_id", "name", "species", "breed", "birth_date", "personality", "farm_location",
                        "price", "status"}


def test_list_animals_uses_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    AnimalFactory.create_batch(12)
    with django_assert_max_num_queries(2):
        assert len(api.get("/api/v1/animals?size=20").json()["data"]["list"]) == 12


def test_get_one_animal_and_404(api):
    animal = AnimalFactory()
    assert api.get(f"/api/v1/animals/{animal.pk}").json()["data"]["name"] == animal.name
    assert api.get("/api/v1/animals/999999").status_code == 404


def test_claim_answers_201_with_an_active_claim_and_an_agreement(user, user_api):
    animal = AnimalFactory(price=Decimal("1000.00"))
    response = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": 1000.00}, format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["status"] == "active" and data["user_id"] == user.pk and data["animal_id"] == animal.pk
    assert data["price_paid"] == "1000.00" and data["claimed_at"]
    claim = AnimalClaim.objects.get(pk=data["id"])
    assert claim.ends_at - claim.claimed_at == timedelta(days=settings.CLAIM_DAYS)
    animal.refresh_from_db()
    assert animal.status == "claimed"
    assert AnimalEvent.objects.filter(claim=claim, type="claimed", to_state="claimed").exists()
    # both parties are told
    assert Message.objects.filter(recipient=user, data__claim_id=claim.pk).exists()
    assert Message.objects.filter(recipient=animal.merchant.user, data__claim_id=claim.pk).exists()
    assert data["agreement_url"].startswith("http://testserver/api/v1/animals/claims/")


def test_the_agreement_is_a_page_with_parties_animal_price_and_dates(user, user_api, api, client_for):
    animal = AnimalFactory(price=Decimal("1000.00"), name="阿花")
    data = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}, format="json").json()["data"]
    url = data["agreement_url"].removeprefix("http://testserver")
    page = user_api.get(url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    for text in ("阿花", animal.merchant.business_name, user.display_name, "1000.00", str(timezone.now().year)):
        assert text in html
    # the signed link opens without a login; the merchant opens it without the signature
    assert api.get(url).status_code == 200
    bare = url.split("?")[0]
    assert client_for(animal.merchant.user).get(bare).status_code == 200
    # strangers get nothing: a wrong signature or no relation to the claim
    assert api.get(bare + "?sig=forged").status_code == 404
    assert api.get(bare).status_code == 401
    assert client_for(UserFactory()).get(bare).status_code == 404


def test_claim_with_a_different_price_is_400_and_changes_nothing(user_api):
    animal = AnimalFactory(price=Decimal("1000.00"))
    response = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": 999.99}, format="json")
    assert response.status_code == 400 and "price_paid" in response.json()["data"]
    assert user_api.post(f"/api/v1/animals/{animal.pk}/claim", {}, format="json").status_code == 400
    animal.refresh_from_db()
    assert animal.status == "available" and not AnimalClaim.objects.exists()


def test_claim_of_a_claimed_animal_is_409_naming_the_state(user_api, client_for):
    animal = AnimalFactory()
    assert client_for(UserFactory()).post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).status_code == 201
    response = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}, format="json")
    assert response.status_code == 409 and "claimed" in response.json()["message"]
    assert AnimalClaim.objects.count() == 1


def test_farm_cannot_claim_its_own_animal(farm, client_for):
    animal = AnimalFactory(merchant=farm)
    assert client_for(farm.user).post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).status_code == 403


def test_database_allows_one_active_claim_per_animal(user, other_user):
    animal = AnimalFactory()
    now = timezone.now()
    AnimalClaim.objects.create(user=user, animal=animal, price_paid=1, claimed_at=now, ends_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnimalClaim.objects.create(user=other_user, animal=animal, price_paid=1, claimed_at=now, ends_at=now)


def test_claims_list_is_mine_with_status_filter_and_animal_name(user, user_api):
    animal = AnimalFactory(name="小羊驼")
    user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"})
    AnimalClaim.objects.create(user=UserFactory(), animal=AnimalFactory(), price_paid=1, claimed_at=timezone.now(),
                               ends_at=timezone.now())
    body = user_api.get("/api/v1/animals/claims?page=1&size=10&status=active").json()["data"]
    assert body["pagination"]["total"] == 1
    row = body["list"][0]
    assert row["animal_name"] == "小羊驼" and row["status"] == "active" and row["user_id"] == user.pk
    assert set(row) >= {"id", "user_id", "animal_id", "animal_name", "price_paid", "status", "claimed_at"}
    assert user_api.get("/api/v1/animals/claims?status=ended").json()["data"]["list"] == []
    assert user_api.get("/api/v1/animals/claims?status=bogus").status_code == 400


def test_merchant_sees_claims_on_its_animals(farm, client_for, user_api):
    animal = AnimalFactory(merchant=farm)
    user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"})
    rows = client_for(farm.user).get("/api/v1/animals/claims?role=merchant").json()["data"]["list"]
    assert [row["animal_id"] for row in rows] == [animal.pk]


def test_the_beat_task_ends_due_claims_and_frees_the_animal(user, user_api):
    animal = AnimalFactory()
    claim_id = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).json()["data"]["id"]
    other = AnimalFactory()
    not_due = user_api.post(f"/api/v1/animals/{other.pk}/claim", {"price_paid": "1000"}).json()["data"]["id"]
    AnimalClaim.objects.filter(pk=claim_id).update(ends_at=timezone.now() - timedelta(seconds=1))

    assert sweep_claim_expiry() == 1
    claim = AnimalClaim.objects.get(pk=claim_id)
    assert claim.status == "ended" and claim.ended_at is not None
    animal.refresh_from_db()
    assert animal.status == "available"
    assert AnimalClaim.objects.get(pk=not_due).status == "active"
    assert AnimalEvent.objects.filter(claim=claim, type="ended", to_state="ended").exists()
    assert Message.objects.filter(recipient=user, data__claim_id=claim_id, data__status="ended").exists()
    assert sweep_claim_expiry() == 0  # idempotent
    # the animal can be claimed again
    assert user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).status_code == 201


def test_the_sweep_works_in_batches():
    now = timezone.now()
    for animal in AnimalFactory.create_batch(5, status="claimed"):
        AnimalClaim.objects.create(user=UserFactory(), animal=animal, price_paid=1, claimed_at=now - timedelta(days=31),
                                   ends_at=now - timedelta(days=1))
    assert claims_end_due(batch_size=2) == 5
    assert not AnimalClaim.objects.filter(status="active").exists()
    assert set(Animal.objects.values_list("status", flat=True)) == {"available"}


def test_merchant_cancels_a_claim_and_the_claimant_is_told(farm, user, user_api, client_for):
    animal = AnimalFactory(merchant=farm)
    claim_id = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).json()["data"]["id"]
    # the claimant and strangers cannot cancel
    assert user_api.post(f"/api/v1/animals/claims/{claim_id}/cancel").status_code == 403
    assert client_for(UserFactory()).post(f"/api/v1/animals/claims/{claim_id}/cancel").status_code == 404
    response = client_for(farm.user).post(f"/api/v1/animals/claims/{claim_id}/cancel", {"reason": "生病"})
    assert response.status_code == 200 and response.json()["data"]["status"] == "cancelled"
    animal.refresh_from_db()
    assert animal.status == "available"
    assert Message.objects.filter(recipient=user, data__status="cancelled").exists()
    assert client_for(farm.user).post(f"/api/v1/animals/claims/{claim_id}/cancel").status_code == 409


def test_staff_can_cancel_a_claim(user_api, client_for):
    animal = AnimalFactory()
    claim_id = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).json()["data"]["id"]
    # is_staff alone grants nothing (DESIGN §9): community:manage does.
    assert client_for(UserFactory(is_staff=True)).post(f"/api/v1/animals/claims/{claim_id}/cancel").status_code == 404
    assert client_for(staff_user("admin")).post(f"/api/v1/animals/claims/{claim_id}/cancel").status_code == 200


def test_merchant_marks_an_animal_unavailable_and_back(farm, client_for, user_api):
    animal = AnimalFactory(merchant=farm)
    merchant_api = client_for(farm.user)
    assert user_api.post(f"/api/v1/animals/{animal.pk}/unavailable").status_code == 403
    assert merchant_api.post(f"/api/v1/animals/{animal.pk}/unavailable").json()["data"]["status"] == "unavailable"
    assert user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"}).status_code == 409
    assert merchant_api.post(f"/api/v1/animals/{animal.pk}/available").json()["data"]["status"] == "available"
    user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"})
    # a claimed animal cannot be withdrawn under its claimant
    response = merchant_api.post(f"/api/v1/animals/{animal.pk}/unavailable")
    assert response.status_code == 409 and "claimed" in response.json()["message"]


def test_updates_feed_and_claimant_notice(farm, user, user_api, client_for):
    animal = AnimalFactory(merchant=farm)
    user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"})
    merchant_api = client_for(farm.user)
    response = merchant_api.post(f"/api/v1/animals/{animal.pk}/updates",
                                 {"update_type": "photo", "content": "今天吃草", "media_url": "https://example.com/a.jpg"})
    assert response.status_code == 201
    update_id = response.json()["data"]["id"]
    assert Message.objects.filter(recipient=user, data__update_id=update_id).exists()
    feed = user_api.get(f"/api/v1/animals/{animal.pk}/updates").json()["data"]["list"]
    assert [row["id"] for row in feed] == [update_id]
    assert [row["id"] for row in user_api.get("/api/v1/animals/feed").json()["data"]["list"]] == [update_id]
    # only the farm posts; an empty update is refused
    assert user_api.post(f"/api/v1/animals/{animal.pk}/updates", {"content": "hi"}).status_code == 403
    assert merchant_api.post(f"/api/v1/animals/{animal.pk}/updates", {"content": " "}).status_code == 400
    assert AnimalUpdate.objects.count() == 1


def test_update_media_url_is_at_most_255_characters(farm, client_for):
    """Issue 17 (fuzz): Django's URL check refuses a host over 253 characters, so the API takes URLs of at most
    255 characters and documents it: every URL the schema admits is one the server accepts."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    fields = schema["components"]["schemas"]["AnimalUpdateListCreateApiInputRequest"]["properties"]
    assert fields["media_url"]["oneOf"][0]["maxLength"] == 255
    animal = AnimalFactory(merchant=farm)
    merchant_api = client_for(farm.user)
    url = f"/api/v1/animals/{animal.pk}/updates"
    ok = merchant_api.post(url, {"media_url": "https://example.com/" + "a" * 235}, format="json")
    assert ok.status_code == 201, ok.json()
    long_host = "https://" + ".".join(["a" * 63] * 4) + "/"  # 264 characters, a 255-character host
    too_long = merchant_api.post(url, {"media_url": long_host}, format="json")
    assert too_long.status_code == 400 and "media_url" in too_long.json()["data"]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_claims_of_one_animal_make_one_claim():
    from community.services.animals import animal_claim

    animal = AnimalFactory(price=Decimal("1000.00"))
    users = UserFactory.create_batch(30)
    barrier = threading.Barrier(30)
    results = []

    def attempt(u):
        try:
            barrier.wait()
            animal_claim(animal_id=animal.pk, user=u, price_paid=Decimal("1000.00"))
            results.append("ok")
        except Exception as exc:  # noqa: BLE001 - the losers' errors are the point
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} <= {"TransitionNotAllowed", "Conflict"}
    assert AnimalClaim.objects.filter(animal=animal, status="active").count() == 1
    animal.refresh_from_db()
    assert animal.status == "claimed"


def test_a_suspended_farm_takes_no_claims_and_its_animals_leave_the_list(user_api, api):
    farm = MerchantFactory(status="suspended")
    animal = AnimalFactory(merchant=farm)
    response = user_api.post(f"/api/v1/animals/{animal.pk}/claim", {"price_paid": "1000"})
    assert response.status_code == 409 and response.json()["data"] == {"merchant_status": "suspended"}
    assert api.get("/api/v1/animals").json()["data"]["list"] == []
    animal.refresh_from_db()
    assert animal.status == "available" and not AnimalClaim.objects.exists()
