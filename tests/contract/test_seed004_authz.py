"""Who may call what in the community API (DESIGN §4, §7): every operation of this area × five actors →
the expected status. 401 without credentials, 403 for a wrong role, 404 for someone else's private object.

Rows are in the shape of the project-wide matrix (tests/authz) so they can move there as they are.
Actors: `anonymous`; `owner` (the user the object belongs to: the farm, the organizer, the merchant, the
plan's owner, the buyer); `other` (a plain user); `merchant` (another approved farm-owner merchant);
`staff` (is_staff, no merchant profile, no role: DESIGN §9, is_staff alone grants nothing).
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from community.models import ActivityRegistration, AnimalClaim
from merchants.models import Merchant, Product
from orders.models import Order
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, AnimalFactory, MerchantFactory, TravelPlanFactory
from travel.models import Invitation

ACTORS = ("anonymous", "owner", "other", "merchant", "staff")
_numbers = itertools.count(1)


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)


def make_world() -> World:
    users = {"owner": UserFactory(), "other": UserFactory(), "merchant": UserFactory(), "staff": UserFactory(is_staff=True)}
    MerchantFactory(user=users["merchant"], merchant_type=Merchant.Type.FARM_OWNER)
    return World(users=users)


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def signed_in(status, **overrides):
    return {**dict.fromkeys(ACTORS, status), "anonymous": 401, **overrides}


@dataclass
class Row:
    method: str
    path: str
    expect: dict
    setup: Callable | None = None
    body: Callable | dict | None = None
    query: str = ""


# --- setups ------------------------------------------------------------------------------------------------
def farm(world):
    world.objects["merchant"] = MerchantFactory(user=world.users["owner"], merchant_type=Merchant.Type.FARM_OWNER)


def organizer(world):
    world.objects["merchant"] = MerchantFactory(user=world.users["owner"],
                                                merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)


def animal(world, **fields):
    farm(world)
    world.objects["animal"] = AnimalFactory(merchant=world.objects["merchant"], **fields)


def unavailable_animal(world):
    animal(world, status="unavailable")


def claimed_animal(world):
    animal(world, status="claimed")
    now = timezone.now()
    world.objects["claim"] = AnimalClaim.objects.create(
        user=UserFactory(), animal=world.objects["animal"], price_paid=world.objects["animal"].price, claimed_at=now,
        ends_at=now + timedelta(days=30))


def activity(world):
    organizer(world)
    world.objects["activity"] = ActivityFactory(merchant=world.objects["merchant"])


def activity_with_registrations(world):
    activity(world)
    for actor in ("other", "merchant", "staff"):
        ActivityRegistration.objects.create(activity=world.objects["activity"], user=world.users[actor])


def product(world):
    world.objects["merchant"] = MerchantFactory(user=world.users["owner"])
    world.objects["product"] = Product.objects.create(merchant=world.objects["merchant"], name="p", price=10)


def owner_is_merchant(world):
    world.objects["merchant"] = MerchantFactory(user=world.users["owner"])


def completed_order(world):
    world.objects["order"] = Order.objects.create(
        kind="product", state="completed", buyer=world.users["owner"], merchant=MerchantFactory(),
        order_no=f"ORD20260101{next(_numbers):04d}", summary=10, payment=10)


def plans(world):
    world.objects["plan"] = TravelPlanFactory(user=world.users["owner"])
    world.objects["stranger_plan"] = TravelPlanFactory(user=UserFactory())


def invitation_to_owner(world):
    inviter = UserFactory()
    world.objects["invitation"] = Invitation.objects.create(
        inviter=inviter, invitee=world.users["owner"], plan=TravelPlanFactory(user=inviter),
        matched_plan=TravelPlanFactory(user=world.users["owner"]))


ANIMAL_BODY = {"name": "小羊驼", "species": "羊驼", "price": "1000.00"}
START = timezone.now() + timedelta(days=5)
ACTIVITY_BODY = {"title": "t", "start_time": START.isoformat(), "end_time": (START + timedelta(hours=2)).isoformat(),
                 "max_participants": 5}
PRODUCT_BODY = {"name": "羊驼认领体验", "price": "1000.00"}

ROWS = [
    Row("POST", "/api/v1/users/login", everyone(200), body={"code": "c"}),
    # travel
    Row("GET", "/api/v1/travels/plans", signed_in(200)),
    Row("POST", "/api/v1/travels/plans", signed_in(201),
        body={"destination": "d", "start_date": "2030-01-01", "end_date": "2030-01-02", "budget": "1"}),
    Row("GET", "/api/v1/travels/matches", signed_in(404, owner=200), setup=plans, query="plan_id={plan.pk}"),
    Row("GET", "/api/v1/travels/invitations", signed_in(200)),
    Row("POST", "/api/v1/travels/invitations", signed_in(404, owner=201), setup=plans,
        body=lambda w: {"plan_id": w.objects["plan"].pk, "matched_plan_id": w.objects["stranger_plan"].pk}),
    Row("POST", "/api/v1/travels/invitations/{invitation.pk}/accept", signed_in(404, owner=200),
        setup=invitation_to_owner),
    Row("POST", "/api/v1/travels/invitations/{invitation.pk}/decline", signed_in(404, owner=200),
        setup=invitation_to_owner),
    Row("GET", "/api/v1/travels/companions", signed_in(200)),
    # animals
    Row("GET", "/api/v1/animals", everyone(200), setup=animal),
    Row("POST", "/api/v1/animals", signed_in(403, owner=201, merchant=201), setup=farm, body=ANIMAL_BODY),
    Row("GET", "/api/v1/animals/{animal.pk}", everyone(200), setup=animal),
    Row("POST", "/api/v1/animals/{animal.pk}/claim", signed_in(201, owner=403), setup=animal,
        body={"price_paid": "1000.00"}),
    Row("POST", "/api/v1/animals/{animal.pk}/unavailable", signed_in(403, owner=200), setup=animal),
    Row("POST", "/api/v1/animals/{animal.pk}/available", signed_in(403, owner=200),
        setup=unavailable_animal),
    Row("GET", "/api/v1/animals/{animal.pk}/updates", everyone(200), setup=animal),
    Row("POST", "/api/v1/animals/{animal.pk}/updates", signed_in(403, owner=201), setup=animal, body={"content": "hi"}),
    Row("GET", "/api/v1/animals/claims", signed_in(200)),
    Row("GET", "/api/v1/animals/feed", signed_in(200)),
    Row("POST", "/api/v1/animals/claims/{claim.pk}/cancel", signed_in(404, owner=200), setup=claimed_animal),
    Row("GET", "/api/v1/animals/claims/{claim.pk}/agreement", signed_in(404, owner=200),
        setup=claimed_animal),
    # activities
    Row("GET", "/api/v1/activities", everyone(200), setup=activity),
    Row("POST", "/api/v1/activities", signed_in(403, owner=201), setup=organizer, body=ACTIVITY_BODY),
    Row("GET", "/api/v1/activities/{activity.pk}", everyone(200), setup=activity),
    Row("POST", "/api/v1/activities/{activity.pk}/register", signed_in(201, owner=403), setup=activity),
    Row("DELETE", "/api/v1/activities/{activity.pk}/register", signed_in(200, owner=404),
        setup=activity_with_registrations),
    Row("POST", "/api/v1/activities/{activity.pk}/cancel", signed_in(403, owner=200), setup=activity),
    Row("POST", "/api/v1/activities/{activity.pk}/cancel-registration", signed_in(200, owner=404),
        setup=activity_with_registrations),
    Row("GET", "/api/v1/activities/{activity.pk}/registrations", signed_in(403, owner=200),
        setup=activity),
    Row("GET", "/api/v1/activities/registrations", signed_in(200)),
    # products and merchant orders
    Row("GET", "/api/v1/merchants/products", signed_in(403, owner=200, merchant=200), setup=owner_is_merchant),
    Row("POST", "/api/v1/merchants/products", signed_in(403, owner=201, merchant=201), setup=owner_is_merchant,
        body=PRODUCT_BODY),
    Row("PATCH", "/api/v1/merchants/products/{product.pk}", signed_in(403, owner=200, merchant=404), setup=product,
        body={"price": "12.00"}),
    Row("DELETE", "/api/v1/merchants/products/{product.pk}", signed_in(403, owner=200, merchant=404), setup=product),
    Row("GET", "/api/v1/merchants/orders", signed_in(403, owner=200, merchant=200), setup=owner_is_merchant),
    Row("GET", "/api/v1/products", everyone(200), setup=product),
    # reviews
    Row("GET", "/api/v1/reviews", everyone(200)),
    Row("POST", "/api/v1/reviews", signed_in(404, owner=201), setup=completed_order,
        body=lambda w: {"order_id": str(w.objects["order"].pk), "rating": 5}),
]

CASES = [(row, actor) for row in ROWS for actor in ACTORS]


def test_every_community_operation_has_a_row():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    prefixes = ("/api/v1/travels", "/api/v1/animals", "/api/v1/activities", "/api/v1/merchants/products",
                "/api/v1/merchants/orders", "/api/v1/products", "/api/v1/reviews", "/api/v1/users/login")
    operations = {
        (method.upper(), path.replace("{animal_id}", "{animal.pk}").replace("{claim_id}", "{claim.pk}")
         .replace("{activity_id}", "{activity.pk}").replace("{product_id}", "{product.pk}")
         .replace("{invitation_id}", "{invitation.pk}"))
        for path, item in schema["paths"].items() if path.startswith(prefixes)
        for method in item if method in {"get", "post", "put", "patch", "delete"}
    }
    assert operations == {(row.method, row.path) for row in ROWS}


class _Objects(dict):
    def __getattr__(self, name):
        return self[name]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "actor"), CASES, ids=[f"{row.method} {row.path} as {actor}" for row, actor in CASES])
def test_community_authorization(row, actor):
    world = make_world()
    if row.setup:
        row.setup(world)
    objects = _Objects(world.objects)
    path = row.path.format(**objects)
    if row.query:
        path += "?" + row.query.format(**objects)
    client = APIClient()
    if actor != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(world.users[actor])}")
    body = row.body(world) if callable(row.body) else row.body
    response = getattr(client, row.method.lower())(path, data=body, format="json")
    expected = row.expect[actor]
    assert response.status_code == expected, f"{response.status_code} != {expected}: {response.content[:300]!r}"
