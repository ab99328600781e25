"""The authorization matrix (issue 10, DESIGN §4 and §7): every API operation of the OpenAPI schema × six
actors → the expected HTTP status, and for list endpoints no row that belongs to someone else (IDOR).

The operations are enumerated from the schema itself, so a new endpoint fails `test_every_operation_has_a_row`
until it gets a row in ROWS below. A row says how to build the request (objects it needs, path parameters,
body) and what each actor gets:

- `anonymous`: no credentials;
- `owner`: the user who owns the object the request is about (for self-scoped endpoints: the caller);
- `other`: another plain user;
- `merchant`: a user with an approved merchant profile (not the owner);
- `staff`: `is_staff` without any permission or role;
- `staff_with`: staff holding the permission the operation needs (the row's `grant`; superuser by default).

Rows for operations that are not in the schema (another area not merged yet) are not run; they start to
count the moment their operation appears.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import access_token_for
from tests.factories import TEST_PASSWORD, UserFactory

ACTORS = ("anonymous", "owner", "other", "merchant", "staff", "staff_with")
_unique = itertools.count()


# --- the world every row runs in ------------------------------------------------------------------------
@dataclass
class World:
    """The users of one matrix case; rows add the objects they need in `objects`."""

    users: dict[str, object]
    objects: dict[str, object] = field(default_factory=dict)

    def user(self, actor: str):
        return self.users.get(actor)


def _make_merchant(user):
    from merchants.models import Merchant

    # Approved directly: the FSM field is protected, so it can only be given at construction.
    return Merchant.objects.create(
        user=user, merchant_type=Merchant.Type.FARM_OWNER, business_name=f"Farm {user.username}",
        contact_person=user.username, contact_phone="13800000000", status=Merchant.Status.APPROVED,
    )


def make_world(grant: Callable) -> World:
    users = {
        "owner": UserFactory(),
        "other": UserFactory(),
        "merchant": UserFactory(),
        "staff": UserFactory(is_staff=True),
        "staff_with": UserFactory(is_staff=True),
    }
    _make_merchant(users["merchant"])
    grant(users["staff_with"])
    return World(users=users)


def grant_superuser(user) -> None:
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])


def client_as(world: World, actor: str) -> APIClient:
    client = APIClient()
    user = world.user(actor)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_for(user)}")
    return client


# --- expectations ---------------------------------------------------------------------------------------
def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ACTORS, status)


def signed_in(status: int, **overrides: int) -> dict[str, int]:
    """Anonymous → 401 (DESIGN §4: JWT first, so DRF answers 401); everybody else `status`."""
    return {**dict.fromkeys(ACTORS, status), "anonymous": 401, **overrides}


def owner_only(status: int, *, denied: int = 404, staff_with: int | None = None) -> dict[str, int]:
    """Only the owner (and, when given, staff with the permission); others get `denied` (403 or 404)."""
    return {
        "anonymous": 401, "owner": status, "other": denied, "merchant": denied, "staff": denied,
        "staff_with": staff_with if staff_with is not None else denied,
    }


def staff_only(status: int, *, denied: int = 403) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, denied), "anonymous": 401, "staff_with": status}


# --- rows -----------------------------------------------------------------------------------------------
@dataclass
class Row:
    method: str
    path: str  # the schema's path template
    expect: dict[str, int]
    setup: Callable[[World], None] | None = None
    params: Callable[[World], dict] | None = None  # path parameters
    body: Callable[[World, str], dict] | None = None  # request body for an actor
    query: str = ""
    grant: Callable = grant_superuser
    # For lists: every returned row must belong to the caller (IDOR); gets (world, actor, rows).
    only_own: Callable[[World, str, list], bool] | None = None
    # Any other effect to assert on a success (e.g. nothing of someone else's changed); gets (world, actor, body).
    check: Callable[[World, str, dict], None] | None = None
    format: str = "json"

    @property
    def key(self) -> tuple[str, str]:
        return (self.method.upper(), self.path)


def _rpc_answer_code(world: World, actor: str, body: dict) -> None:
    assert body["result"]["code"] == (401 if actor == "anonymous" else 200), body


def _refresh_token_of_owner(world: World, actor: str) -> dict:
    from common.tokens import token_pair

    return {"refresh": token_pair(world.users["owner"])["refresh"]}


def _list_rows(body) -> list:
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, dict) and "list" in data:
        return data["list"]
    return data if isinstance(data, list) else []


ROWS: list[Row] = [
    # auth (accounts/api.py): open doors, throttled; they act on the credentials in the body.
    Row("POST", "/api/v1/auth/register", everyone(201),
        body=lambda world, actor: {"username": f"newcomer{next(_unique)}", "password": "s3cret-pass-phrase"}),
    Row("POST", "/api/v1/auth/token", everyone(200),
        body=lambda world, actor: {"username": world.users["owner"].username, "password": TEST_PASSWORD}),
    Row("POST", "/api/v1/auth/token/refresh", everyone(200), body=_refresh_token_of_owner),
    Row("POST", "/api/v1/auth/logout", everyone(200), body=_refresh_token_of_owner),
    # users/profile is the caller's own profile: there is no one else's to reach.
    Row("GET", "/api/v1/users/profile", signed_in(200)),
    Row("POST", "/api/v1/users/password", signed_in(200),
        body=lambda world, actor: {"old_password": TEST_PASSWORD, "new_password": "another-horse-battery-10"}),
    Row("PUT", "/api/v1/users/profile", signed_in(200), body=lambda world, actor: {"nickname": f"n{actor}"}),
]


# --- items and trades (marketplace/api/items.py, trades.py; DESIGN §3.1, §3.2, §4) -------------------------
def _item(world: World, **fields):
    from tests.factories.marketplace import ItemFactory

    item = ItemFactory(seller=world.users["owner"], **fields)
    world.objects["item"] = item
    return item


def _pending_trade(world: World):
    """A pending trade on the owner's item, wanted by a buyer outside the six actors."""
    from tests.factories.marketplace import TradeFactory

    world.objects["trade"] = TradeFactory(item=_item(world), buyer=UserFactory())


def _processing_trade(world: World):
    """The owner's item reserved for a buyer outside the six actors, their trade processing."""
    from tests.factories.marketplace import TradeFactory

    buyer = UserFactory()
    item = _item(world, state="reserved", reserved_for=buyer)
    world.objects["trade"] = TradeFactory(item=item, buyer=buyer, state="processing", accepted_at=timezone.now())


def _item_id(world: World) -> dict:
    return {"item_id": world.objects["item"].pk}


def _trade_id(world: World) -> dict:
    return {"trade_id": world.objects["trade"].pk}


def _my_trades_only(world: World, actor: str, rows: list) -> bool:
    me = world.user(actor).pk
    return all(me in (row["buyer"], row["seller"]) for row in rows)


def _others_item_wanted(world: World):
    """Every actor has a trade of their own (as buyer) on someone else's item, so a leak would show."""
    from tests.factories.marketplace import ItemFactory, TradeFactory

    for user in world.users.values():
        TradeFactory(item=ItemFactory(), buyer=user)


# Seller-only operations: others see the item (it is public) but may not act: 403. Trades are private to
# their buyer and seller: anyone else gets 404.
SELLER_ONLY = {"anonymous": 401, "owner": 200, "other": 403, "merchant": 403, "staff": 403, "staff_with": 403}
PARTIES_ONLY = {"anonymous": 401, "owner": 200, "other": 404, "merchant": 404, "staff": 404, "staff_with": 404}
# Wanting: the seller cannot want their own item; everybody else starts a trade.
WANT = {"anonymous": 401, "owner": 400, "other": 201, "merchant": 201, "staff": 201, "staff_with": 201}

ROWS += [
    Row("GET", "/api/v1/items", everyone(200), setup=_item),
    Row("POST", "/api/v1/items", signed_in(201),
        body=lambda world, actor: {"title": "A lamp", "category": "home", "price": "12.50"}),
    Row("GET", "/api/v1/items/{item_id}", everyone(200), setup=_item, params=_item_id),
    Row("PATCH", "/api/v1/items/{item_id}", SELLER_ONLY, setup=_item, params=_item_id,
        body=lambda world, actor: {"title": "Renamed"}),
    Row("POST", "/api/v1/items/{item_id}/withdraw", SELLER_ONLY, setup=_item, params=_item_id),
    # A withdrawn item is visible to its seller (and content:review staff) only: a plain user, or staff
    # without the permission, cannot even see it (DESIGN §9).
    Row("POST", "/api/v1/items/{item_id}/relist",
        {"anonymous": 401, "owner": 200, "other": 404, "merchant": 404, "staff": 404, "staff_with": 403},
        setup=lambda world: _item(world, state="withdrawn"), params=_item_id),
    Row("POST", "/api/v1/items/{item_id}/want", WANT, setup=_item, params=_item_id),
    Row("GET", "/api/v1/items/{item_id}/wants", SELLER_ONLY, setup=_pending_trade, params=_item_id),
    Row("POST", "/api/v1/items/{item_id}/reject-all", SELLER_ONLY, setup=_pending_trade, params=_item_id),
    Row("GET", "/api/v1/trades", signed_in(200), setup=_others_item_wanted, only_own=_my_trades_only),
    Row("POST", "/api/v1/trades", WANT, setup=_item, body=lambda world, actor: {"item": world.objects["item"].pk}),
    Row("GET", "/api/v1/trades/{trade_id}", PARTIES_ONLY, setup=_pending_trade, params=_trade_id),
    # Trade actions: the seller (the owner) accepts or rejects a pending trade, confirms the handover of a
    # processing one or resets it (cancel); nobody else even sees the trade.
    Row("POST", "/api/v1/trades/{trade_id}/accept", PARTIES_ONLY, setup=_pending_trade, params=_trade_id),
    Row("POST", "/api/v1/trades/{trade_id}/reject", PARTIES_ONLY, setup=_pending_trade, params=_trade_id),
    Row("POST", "/api/v1/trades/{trade_id}/confirm", PARTIES_ONLY, setup=_processing_trade, params=_trade_id),
    Row("POST", "/api/v1/trades/{trade_id}/cancel", PARTIES_ONLY, setup=_processing_trade, params=_trade_id),
    Row("GET", "/api/v1/trades/{trade_id}/events", PARTIES_ONLY, setup=_pending_trade, params=_trade_id),
]


# --- messages (chat/api.py; DESIGN §4, §5): everything is the caller's own mailbox ------------------------
def _strangers_talk(world: World):
    """Messages between two users outside the matrix, and one to and from each actor (so lists are not empty)."""
    from tests.factories.chat import MessageFactory

    stranger_a, stranger_b = UserFactory(), UserFactory()
    world.objects["stranger_message"] = MessageFactory(sender=stranger_a, recipient=stranger_b)
    world.objects["stranger"] = stranger_a
    for user in world.users.values():
        MessageFactory(sender=stranger_a, recipient=user)
        MessageFactory(sender=user, recipient=stranger_b)


def _my_messages_only(world: World, actor: str, rows: list) -> bool:
    me = world.user(actor).pk
    return all(me in (row["from"], row["to"]) for row in rows)


def _my_conversations_only(world: World, actor: str, rows: list) -> bool:
    me = world.user(actor).pk
    return all(row["last_message"]["from"] == me or row["last_message"]["to"] == me for row in rows)


def _strangers_message_unread(world: World, actor: str, body: dict) -> None:
    message = world.objects["stranger_message"]
    message.refresh_from_db()
    assert message.read_at is None, "marking someone else's message read must change nothing"
    assert body["data"]["updated"] == 0


ROWS += [
    Row("GET", "/api/v1/messages", signed_in(200), setup=_strangers_talk, only_own=_my_messages_only),
    Row("POST", "/api/v1/messages", signed_in(201), setup=_strangers_talk,
        body=lambda world, actor: {"to": world.objects["stranger"].pk, "content": "hello"}),
    Row("GET", "/api/v1/conversations", signed_in(200), setup=_strangers_talk, only_own=_my_conversations_only),
    Row("POST", "/api/v1/messages/fetchnew", signed_in(200), setup=_strangers_talk, only_own=_my_messages_only),
    Row("GET", "/api/v1/messages/fetchall", signed_in(200), setup=_strangers_talk, only_own=_my_messages_only),
    Row("POST", "/api/v1/messages/read", signed_in(200), setup=_strangers_talk,
        body=lambda world, actor: {"ids": [world.objects["stranger_message"].pk]}, check=_strangers_message_unread),
]


# --- staff API (accounts/staff_api.py, marketplace/api/merchants.py, website.py; DESIGN §3.6, §8) --------
# HasPermission: anonymous 401, everybody without the permission (plain users, the merchant, staff without the
# role) 403; staff holding it (here a superuser) gets the answer.
def _staff_obj(name: str, factory_name: str, **fields):
    def setup(world: World):
        from tests.factories import staff as staff_factories

        world.objects[name] = getattr(staff_factories, factory_name)(**fields)

    return setup


def _pk(name: str):
    return lambda world: {"id": world.objects[name].pk}


def _target_user(active: bool):
    def setup(world: World):
        world.objects["target"] = UserFactory(is_active=active)

    return setup


def _hidden_item(world: World):
    _item(world, hidden=True)


REASON = {"reason": "checked by the authorization matrix"}

ROWS += [
    Row("GET", "/api/v1/admin/operation-logs", staff_only(200)),
    Row("GET", "/api/v1/admin/operation-logs/export", staff_only(200)),
    Row("GET", "/api/v1/admin/dashboard", staff_only(200)),
    Row("POST", "/api/v1/admin/users/{id}/suspend", staff_only(200), setup=_target_user(True), params=_pk("target")),
    Row("POST", "/api/v1/admin/users/{id}/reinstate", staff_only(200), setup=_target_user(False), params=_pk("target")),
    Row("GET", "/api/v1/admin/roles", staff_only(200)),
    Row("GET", "/api/v1/admin/permissions", staff_only(200)),
    Row("PUT", "/api/v1/admin/users/{id}/roles", staff_only(200), setup=_target_user(True), params=_pk("target"),
        body=lambda world, actor: {"roles": ["content_manager"]}),
    Row("GET", "/api/v1/admin/merchants", staff_only(200)),
    Row("POST", "/api/v1/admin/merchants/{id}/approve", staff_only(200),
        setup=_staff_obj("merchant", "MerchantFactory"), params=_pk("merchant")),
    Row("POST", "/api/v1/admin/merchants/{id}/reject", staff_only(200),
        setup=_staff_obj("merchant", "MerchantFactory"), params=_pk("merchant"), body=lambda world, actor: REASON),
    Row("POST", "/api/v1/admin/merchants/{id}/suspend", staff_only(200),
        setup=_staff_obj("merchant", "MerchantFactory", status="approved"), params=_pk("merchant")),
    Row("POST", "/api/v1/admin/merchants/{id}/reinstate", staff_only(200),
        setup=_staff_obj("merchant", "MerchantFactory", status="suspended"), params=_pk("merchant")),
    Row("GET", "/api/v1/admin/applications", staff_only(200)),
    Row("POST", "/api/v1/admin/applications/{id}/convert", staff_only(200),
        setup=_staff_obj("application", "MerchantApplicationFactory"), params=_pk("application")),
    Row("POST", "/api/v1/admin/applications/{id}/reject", staff_only(200),
        setup=_staff_obj("application", "MerchantApplicationFactory"), params=_pk("application"),
        body=lambda world, actor: REASON),
    Row("POST", "/api/v1/admin/cases", staff_only(201), body=lambda world, actor: {"title": "A case"}),
    Row("POST", "/api/v1/admin/cases/{id}/submit", staff_only(200),
        setup=_staff_obj("case", "SuccessCaseFactory"), params=_pk("case")),
    Row("POST", "/api/v1/admin/cases/{id}/publish", staff_only(200),
        setup=_staff_obj("case", "SuccessCaseFactory", state="in_review"), params=_pk("case")),
    Row("POST", "/api/v1/admin/cases/{id}/send-back", staff_only(200),
        setup=_staff_obj("case", "SuccessCaseFactory", state="in_review"), params=_pk("case"),
        body=lambda world, actor: REASON),
    Row("POST", "/api/v1/admin/cases/{id}/unpublish", staff_only(200),
        setup=_staff_obj("case", "SuccessCaseFactory", state="published"), params=_pk("case")),
    Row("POST", "/api/v1/admin/content/{kind}/{id}/take-down", staff_only(200), setup=_item,
        params=lambda world: {"kind": "item", "id": world.objects["item"].pk}, body=lambda world, actor: REASON),
    Row("POST", "/api/v1/admin/content/{kind}/{id}/restore", staff_only(200), setup=_hidden_item,
        params=lambda world: {"kind": "item", "id": world.objects["item"].pk}),
    # Public website doors (seed 004): anyone may apply or read the published cases.
    Row("GET", "/api/v1/website/cases", everyone(200)),
    Row("POST", "/api/v1/website/merchant/apply", everyone(200), body=lambda world, actor: {
        "business_name": f"Shop {next(_unique)}", "merchant_type": "flower_shop", "contact_person": "王五",
        "contact_phone": "13700000000", "email": f"apply{next(_unique)}@example.com"}),
]


# --- community: merchants' products, animals, activities, reviews; travel (DESIGN §3.5, seed 004) ----------
# Merchant-owned objects belong to the owner, who gets a merchant profile of the right type; the `merchant`
# actor is another approved merchant (a farm owner) who does not own them.
def _owner_merchant(world: World, merchant_type: str = "farm_owner"):
    from tests.factories.community import MerchantFactory

    merchant = MerchantFactory(user=world.users["owner"], merchant_type=merchant_type)
    world.objects["owner_merchant"] = merchant
    return merchant


def _animal(world: World):
    from tests.factories.community import AnimalFactory

    world.objects["animal"] = AnimalFactory(merchant=_owner_merchant(world))


def _claim(world: World):
    """An active claim of the owner's animal by a claimant outside the six actors."""
    from community.models import AnimalClaim

    _animal(world)
    animal = world.objects["animal"]
    type(animal).objects.filter(pk=animal.pk).update(status="claimed")
    world.objects["claim"] = AnimalClaim.objects.create(
        animal=animal, user=UserFactory(), price_paid=animal.price, status="active",
        claimed_at=timezone.now(), ends_at=timezone.now() + dt.timedelta(days=30),
    )


def _activity(world: World):
    from tests.factories.community import ActivityFactory

    world.objects["activity"] = ActivityFactory(merchant=_owner_merchant(world, "activity_organizer"))


def _registered(world: World):
    """The owner has registered for someone else's activity."""
    from community.models import ActivityRegistration
    from tests.factories.community import ActivityFactory

    activity = ActivityFactory()
    world.objects["activity"] = activity
    ActivityRegistration.objects.create(activity=activity, user=world.users["owner"])


def _product(world: World):
    from merchants.models import Product

    world.objects["product"] = Product.objects.create(merchant=_owner_merchant(world), name="Honey", price="30.00")


def _animal_id(world):
    return {"animal_id": world.objects["animal"].pk}


def _claim_id(world):
    return {"claim_id": world.objects["claim"].pk}


def _activity_id(world):
    return {"activity_id": world.objects["activity"].pk}


def _mine(field: str):
    def check(world: World, actor: str, rows: list) -> bool:
        return all(row[field] == world.user(actor).pk for row in rows)

    return check


def _plan(world: World, user=None, **fields):
    from tests.factories.community import TravelPlanFactory

    return TravelPlanFactory(user=user or world.users["owner"], **fields)


def _invitation(world: World):
    """Someone outside the six actors invites the owner."""
    from travel.models import Invitation

    inviter = UserFactory()
    world.objects["invitation"] = Invitation.objects.create(
        inviter=inviter, invitee=world.users["owner"], plan=_plan(world, inviter), matched_plan=_plan(world),
    )


def _plans_everywhere(world: World):
    for user in world.users.values():
        _plan(world, user)
    world.objects["plan"] = _plan(world)


MERCHANT_ONLY = {"anonymous": 401, "owner": 403, "other": 403, "merchant": 201, "staff": 403, "staff_with": 403}
OWNING_MERCHANT = {"anonymous": 401, "owner": 200, "other": 403, "merchant": 403, "staff": 403, "staff_with": 200}
# DESIGN §8 "merchants or staff can cancel a claim and mark an animal unavailable": staff with
# community:manage (DESIGN §9: is_staff alone grants nothing).
FARM_OR_STAFF = OWNING_MERCHANT
CLAIMABLE = {"anonymous": 401, "owner": 403, "other": 201, "merchant": 201, "staff": 201, "staff_with": 201}

ROWS += [
    Row("GET", "/api/v1/animals", everyone(200), setup=_animal),
    Row("POST", "/api/v1/animals", MERCHANT_ONLY, body=lambda world, actor: {
        "name": "Alpaca", "species": "alpaca", "price": "999.00"}),
    Row("GET", "/api/v1/animals/{animal_id}", everyone(200), setup=_animal, params=_animal_id),
    Row("POST", "/api/v1/animals/{animal_id}/claim", CLAIMABLE, setup=_animal, params=_animal_id,
        body=lambda world, actor: {"price_paid": str(world.objects["animal"].price)}),
    Row("POST", "/api/v1/animals/{animal_id}/unavailable", FARM_OR_STAFF, setup=_animal, params=_animal_id),
    Row("POST", "/api/v1/animals/{animal_id}/available", FARM_OR_STAFF, params=_animal_id,
        setup=lambda world: (_animal(world), world.objects["animal"].__class__.objects.filter(
            pk=world.objects["animal"].pk).update(status="unavailable"))),
    Row("GET", "/api/v1/animals/{animal_id}/updates", everyone(200), setup=_animal, params=_animal_id),
    Row("POST", "/api/v1/animals/{animal_id}/updates",
        {"anonymous": 401, "owner": 201, "other": 403, "merchant": 403, "staff": 403, "staff_with": 403},
        setup=_animal, params=_animal_id, body=lambda world, actor: {"content": "Sheared today."}),
    Row("GET", "/api/v1/animals/claims", signed_in(200), setup=_claim),
    # The owner is the farm: it reads the agreement and cancels; strangers do not see the claim (404).
    Row("GET", "/api/v1/animals/claims/{claim_id}/agreement", {**PARTIES_ONLY, "staff_with": 200},
        setup=_claim, params=_claim_id),
    Row("POST", "/api/v1/animals/claims/{claim_id}/cancel", {**PARTIES_ONLY, "staff_with": 200},
        setup=_claim, params=_claim_id),
    Row("GET", "/api/v1/animals/feed", signed_in(200), setup=_claim),
    Row("GET", "/api/v1/activities", everyone(200), setup=_activity),
    Row("POST", "/api/v1/activities",
        {"anonymous": 401, "owner": 201, "other": 403, "merchant": 403, "staff": 403, "staff_with": 403},
        setup=lambda world: _owner_merchant(world, "activity_organizer"), body=lambda world, actor: {
            "title": "Hike", "start_time": "2030-01-01T08:00:00Z", "end_time": "2030-01-01T12:00:00Z",
            "max_participants": 5}),
    Row("GET", "/api/v1/activities/{activity_id}", everyone(200), setup=_activity, params=_activity_id),
    Row("POST", "/api/v1/activities/{activity_id}/register",
        {"anonymous": 401, "owner": 403, "other": 201, "merchant": 201, "staff": 201, "staff_with": 201},
        setup=_activity, params=_activity_id),
    Row("DELETE", "/api/v1/activities/{activity_id}/register",
        {"anonymous": 401, "owner": 200, "other": 404, "merchant": 404, "staff": 404, "staff_with": 404},
        setup=_registered, params=_activity_id),
    # Only the organizer calls an activity off (staff moves arrive with the staff services' permissions).
    Row("POST", "/api/v1/activities/{activity_id}/cancel",
        {"anonymous": 401, "owner": 200, "other": 403, "merchant": 403, "staff": 403, "staff_with": 403},
        setup=_activity, params=_activity_id),
    Row("POST", "/api/v1/activities/{activity_id}/cancel-registration",
        {"anonymous": 401, "owner": 200, "other": 404, "merchant": 404, "staff": 404, "staff_with": 404},
        setup=_registered, params=_activity_id),
    Row("GET", "/api/v1/activities/{activity_id}/registrations", FARM_OR_STAFF, setup=_activity,
        params=_activity_id),
    Row("GET", "/api/v1/activities/registrations", signed_in(200), setup=_registered),
    Row("GET", "/api/v1/merchants/products",
        {"anonymous": 401, "owner": 200, "other": 403, "merchant": 200, "staff": 403, "staff_with": 403},
        setup=_product),
    Row("POST", "/api/v1/merchants/products", MERCHANT_ONLY,
        body=lambda world, actor: {"name": "Jam", "price": "12.00"}),
    Row("PATCH", "/api/v1/merchants/products/{product_id}",
        {"anonymous": 401, "owner": 200, "other": 403, "merchant": 404, "staff": 403, "staff_with": 403},
        setup=_product, params=lambda world: {"product_id": world.objects["product"].pk},
        body=lambda world, actor: {"name": "Better honey"}),
    Row("DELETE", "/api/v1/merchants/products/{product_id}",
        {"anonymous": 401, "owner": 200, "other": 403, "merchant": 404, "staff": 403, "staff_with": 403},
        setup=_product, params=lambda world: {"product_id": world.objects["product"].pk}),
    Row("GET", "/api/v1/merchants/orders",
        {"anonymous": 401, "owner": 403, "other": 403, "merchant": 200, "staff": 403, "staff_with": 403}),
    Row("GET", "/api/v1/merchants/me",
        {"anonymous": 401, "owner": 404, "other": 404, "merchant": 200, "staff": 404, "staff_with": 404}),
    Row("POST", "/api/v1/merchants/register",
        {"anonymous": 401, "owner": 201, "other": 201, "merchant": 409, "staff": 201, "staff_with": 201},
        body=lambda world, actor: {"merchant_type": "flower_shop", "business_name": f"Flowers {next(_unique)}",
                                   "contact_person": "赵六", "contact_phone": "13600000000"}),
    Row("GET", "/api/v1/products", everyone(200), setup=_product),
    Row("GET", "/api/v1/reviews", everyone(200)),
    Row("GET", "/api/v1/travels/plans", signed_in(200), setup=_plans_everywhere, only_own=_mine("user_id")),
    Row("POST", "/api/v1/travels/plans", signed_in(201), body=lambda world, actor: {
        "destination": "云南", "start_date": "2030-10-01", "end_date": "2030-10-07", "budget": "5000.00"}),
    Row("GET", "/api/v1/travels/matches", PARTIES_ONLY, setup=_plans_everywhere,
        query="plan_id={plan}"),
    Row("GET", "/api/v1/travels/invitations", signed_in(200), setup=_invitation),
    Row("POST", "/api/v1/travels/invitations",
        {"anonymous": 401, "owner": 201, "other": 404, "merchant": 404, "staff": 404, "staff_with": 404},
        setup=lambda world: world.objects.update(plan=_plan(world), matched=_plan(world, UserFactory())),
        body=lambda world, actor: {"plan_id": world.objects["plan"].pk, "matched_plan_id": world.objects["matched"].pk}),
    Row("POST", "/api/v1/travels/invitations/{invitation_id}/accept", PARTIES_ONLY, setup=_invitation,
        params=lambda world: {"invitation_id": world.objects["invitation"].pk}),
    Row("POST", "/api/v1/travels/invitations/{invitation_id}/decline", PARTIES_ONLY, setup=_invitation,
        params=lambda world: {"invitation_id": world.objects["invitation"].pk}),
    Row("GET", "/api/v1/travels/companions", signed_in(200)),
    Row("POST", "/api/v1/users/login", everyone(200), body=lambda world, actor: {"code": f"code-{next(_unique)}"}),
]


# --- orders (orders/api.py; DESIGN §3.3, §4): buyer and merchant see an order, staff see every order -------
def _seed_id(n: int) -> str:
    return f"00000000-0000-0000-0000-{n:012d}"


def _catalog(world: World):
    """The seed-002 catalog (tests/orders/conftest.py) with the owner's vehicle and drivers."""
    from decimal import Decimal

    from tests.factories.orders import DriverFactory, PlanFactory, PlanItemFactory, QuotationFactory, VehicleFactory

    owner = world.users["owner"]
    vehicle = VehicleFactory(id=_seed_id(0), owner=owner)
    plans = [PlanFactory(id=_seed_id(0)), PlanFactory(id=_seed_id(1))]
    PlanItemFactory(id=_seed_id(0), plan=plans[0], price=Decimal("1000.00"))
    PlanItemFactory(id=_seed_id(1), plan=plans[0], price=Decimal("2000.00"))
    PlanItemFactory(id=_seed_id(2), plan=plans[1], price=Decimal("1000.00"))
    PlanItemFactory(id=_seed_id(3), plan=plans[1], price=Decimal("2000.00"))
    QuotationFactory(id=_seed_id(0), vehicle=vehicle, plans=plans, total=Decimal("6000.00"))
    for n in range(4):
        DriverFactory(id=_seed_id(n), owner=owner)
    world.objects["vehicle"] = vehicle


def _exchange_order(world: World, *, buyer=None, merchant_user=None):
    from decimal import Decimal

    from tests.factories.orders import ApprovedMerchantFactory

    # Through the orders service, so the order is exactly what the API would have placed (imported by name:
    # orders.services is a package only once the orders area is merged).
    exchange_order_place = importlib.import_module("orders.services.exchange").exchange_order_place
    merchant = ApprovedMerchantFactory(user=merchant_user) if merchant_user else ApprovedMerchantFactory()
    order = exchange_order_place(buyer=buyer or world.users["owner"], merchant_id=merchant.pk, direction="buy",
                                 amount=Decimal("100.00"), rate=Decimal("0.150000"))
    world.objects["order"] = order
    return order


def _completed_order(world: World):
    order = _exchange_order(world)
    # Straight to the end state: the review rules, not the exchange steps, are under test here.
    type(order).objects.filter(pk=order.pk).update(state="completed")


def _order_sold_by_owner(world: World):
    """An exchange order placed by a stranger with the owner's merchant (the owner sets the rate)."""
    _exchange_order(world, buyer=UserFactory(), merchant_user=world.users["owner"])


def _orders_everywhere(world: World):
    for user in world.users.values():
        _exchange_order(world, buyer=user)
    _exchange_order(world, buyer=UserFactory())


def _order_ref(world: World) -> dict:
    return {"ref": str(world.objects["order"].pk)}


def _my_orders_only(world: World, actor: str, rows: list) -> bool:
    me = world.user(actor)
    merchant_id = getattr(getattr(me, "merchant", None), "pk", None)
    return all(row["buyer"] == me.pk or (merchant_id and row["merchant"] == merchant_id) for row in rows)


FUTURE = "2030-06-01T00:00:00+00:00"
# Orders on a vehicle: its owner; other users do not see the vehicle (404). `is_staff` alone grants nothing
# (DESIGN §9): staff with order:view see every vehicle and order (staff_with = superuser here).
PLACE_OWN_VEHICLE = {"anonymous": 401, "owner": 201, "other": 404, "merchant": 404, "staff": 404, "staff_with": 201}
PARTIES_OR_STAFF = {**PARTIES_ONLY, "staff": 404, "staff_with": 200}

ROWS += [
    Row("GET", "/api/v1/orders", signed_in(200), setup=_orders_everywhere, only_own=_my_orders_only),
    Row("GET", "/api/v1/orders/{ref}", PARTIES_OR_STAFF, setup=_exchange_order, params=_order_ref),
    Row("GET", "/api/v1/orders/{ref}/events", PARTIES_OR_STAFF, setup=_exchange_order, params=_order_ref),
    # {action} = cancel: the buyer of an open exchange order; order:view staff see the order but are not a party.
    Row("POST", "/api/v1/orders/{ref}/{action}", {**PARTIES_ONLY, "staff_with": 403},
        setup=_exchange_order, params=lambda world: {**_order_ref(world), "action": "cancel"}),
    Row("PATCH", "/api/v1/orders/{ref}/amount", {**PARTIES_ONLY, "staff_with": 403},
        setup=_exchange_order, params=_order_ref, body=lambda world, actor: {"amount": "120.00"}),
    Row("PATCH", "/api/v1/orders/{ref}/rate", {**PARTIES_ONLY, "staff_with": 403},
        setup=_order_sold_by_owner, params=_order_ref, body=lambda world, actor: {"rate": "0.160000"}),
    # updateOrderState is a staff tool: order:manage moves an order along the machine (the service checks).
    Row("POST", "/api/v1/orders/{ref}/state", staff_only(200), setup=_exchange_order,
        params=_order_ref, body=lambda world, actor: {"state_code": 9}),
    Row("POST", "/api/v1/orders/product", signed_in(201),
        setup=lambda world: world.objects.update(product=__import__("tests.factories.orders", fromlist=["x"]).ProductFactory()),
        body=lambda world, actor: {"items": [{"product": world.objects["product"].pk, "quantity": 1}]}),
    Row("POST", "/api/v1/orders/exchange", signed_in(201),
        setup=lambda world: world.objects.update(shop=__import__("tests.factories.orders", fromlist=["x"]).ApprovedMerchantFactory()),
        body=lambda world, actor: {"merchant": world.objects["shop"].pk, "direction": "buy", "amount": "100.00",
                                   "rate": "0.150000"}),
    Row("POST", "/api/v1/orders/plan", PLACE_OWN_VEHICLE, setup=lambda world: (_catalog(world), world.objects.update(
        promotion=__import__("tests.factories.orders", fromlist=["x"]).PromotionFactory())),
        body=lambda world, actor: {
            "vid": _seed_id(0), "qid": _seed_id(0), "pmid": str(world.objects["promotion"].pk),
            "plans": {_seed_id(0): {_seed_id(0): 1000.00, _seed_id(1): 2000.00},
                      _seed_id(1): {_seed_id(2): 1000.00, _seed_id(3): 2000.00}},
            "service_ratio": "0.1", "summary": 6000, "payment": "6100.00", "expect_at": FUTURE}),
    Row("POST", "/api/v1/orders/driver", PLACE_OWN_VEHICLE, setup=_catalog, body=lambda world, actor: {
        "vid": _seed_id(0), "dids": [_seed_id(n) for n in range(4)], "summary": 200, "payment": 200}),
    Row("POST", "/api/v1/orders/sale", PLACE_OWN_VEHICLE, setup=_catalog, body=lambda world, actor: {
        "vid": _seed_id(0), "qid": _seed_id(0), "items": {_seed_id(0): 1000, _seed_id(1): "2000.00"},
        "summary": 3000, "payment": 3000}),
    # The provider's callback carries no user: the signature is the credential, so an unsigned one is refused
    # (403) for everybody, signed in or not.
    Row("POST", "/api/v1/payments/callback/{gateway}", everyone(403), params=lambda world: {"gateway": "sandbox"},
        body=lambda world, actor: {"reference": "nope", "status": "paid", "amount": "1.00"}),
    Row("GET", "/api/v1/vehicles", signed_in(200), setup=_catalog,
        only_own=lambda world, actor, rows: actor.startswith("staff") or all(
            row["owner"] == world.user(actor).pk for row in rows)),
    Row("GET", "/api/v1/vehicles/{vehicle_id}/drivers", PARTIES_OR_STAFF, setup=_catalog,
        params=lambda world: {"vehicle_id": str(world.objects["vehicle"].pk)}),
    # Seed-002 users' own vehicles and drivers (issue 18.5): each creates and edits their own; staff read all.
    Row("POST", "/api/v1/vehicles", signed_in(201),
        body=lambda world, actor: {"plate_no": f"P-{actor}", "vin": f"VIN-{actor}", "value": "1000.00"}),
    Row("GET", "/api/v1/vehicles/{vehicle_id}", PARTIES_OR_STAFF, setup=_catalog,
        params=lambda world: {"vehicle_id": str(world.objects["vehicle"].pk)}),
    Row("PATCH", "/api/v1/vehicles/{vehicle_id}", owner_only(200), setup=_catalog,
        params=lambda world: {"vehicle_id": str(world.objects["vehicle"].pk)},
        body=lambda world, actor: {"value": "2000.00"}),
    Row("GET", "/api/v1/drivers", signed_in(200), setup=_catalog,
        only_own=lambda world, actor, rows: actor.startswith("staff") or all(
            row["owner"] == world.user(actor).pk for row in rows)),
    Row("POST", "/api/v1/drivers", signed_in(201),
        body=lambda world, actor: {"name": f"D {actor}", "license_no": "L-1"}),
    Row("GET", "/api/v1/drivers/{driver_id}", PARTIES_OR_STAFF, setup=_catalog,
        params=lambda world: {"driver_id": _seed_id(0)}),
    Row("PATCH", "/api/v1/drivers/{driver_id}", owner_only(200), setup=_catalog,
        params=lambda world: {"driver_id": _seed_id(0)}, body=lambda world, actor: {"phone": "123"}),
    # JSON-RPC answers HTTP 200 to every well-formed call; who may do what is in the call's `result.code`.
    Row("POST", "/api/rpc", everyone(200), body=lambda world, actor: {
        "jsonrpc": "2.0", "id": 1, "method": "order.getOrders",
        "params": [getattr(world.user(actor), "pk", 1), 0, 10]}, check=_rpc_answer_code),
    Row("GET", "/api/v1/plans", signed_in(200)),
    Row("GET", "/api/v1/quotations", signed_in(200), setup=_catalog),
    Row("GET", "/api/v1/promotions", signed_in(200)),
    # Only the buyer of a completed order reviews it; to anyone else the order does not exist.
    Row("POST", "/api/v1/reviews", PARTIES_ONLY | {"owner": 201}, setup=_completed_order,
        body=lambda world, actor: {"order_id": str(world.objects["order"].pk), "rating": 5, "comment": "Great"}),
]


# --- underwrite (underwrite/api.py; DESIGN §3.4, §8): operators and reviewers act, the buyer reads ------
# staff_with is a superuser (both underwrite roles); staff without a role and every other user get 403 on
# writes; reads of someone else's underwrite are 404 (not theirs to know about).
def _plan_order(world: World):
    from tests.factories.underwrite import PlanOrderFactory

    world.objects["order"] = PlanOrderFactory(buyer=world.users["owner"])


def _underwrite(world: World, *, filled: bool = False):
    services = importlib.import_module("underwrite.services")
    _plan_order(world)
    operator = UserFactory(is_superuser=True, is_staff=True)
    underwrite = services.underwrite_create(
        actor=operator, oid=str(world.objects["order"].pk), plan_time=timezone.now() + dt.timedelta(days=1),
        validate_place="Depot 1",
    )
    if filled:
        underwrite = services.underwrite_fill(actor=operator, underwrite_id=underwrite.pk, real_place="Depot 2",
                                              certificate_state=1)
    world.objects["underwrite"] = underwrite


def _filled(world: World):
    _underwrite(world, filled=True)


def _uw_id(world: World) -> dict:
    return {"id": str(world.objects["underwrite"].pk)}


def _stamp(world: World, field: str) -> str | None:
    value = getattr(world.objects["underwrite"], field, None)
    return value.isoformat() if value else None


UNDERWRITE_READ = {"anonymous": 401, "owner": 200, "other": 404, "merchant": 404, "staff": 404, "staff_with": 200}
UNDERWRITE_WRITE = {"anonymous": 401, "owner": 403, "other": 403, "merchant": 403, "staff": 403, "staff_with": 200}

ROWS += [
    Row("GET", "/api/v1/underwrites", signed_in(200), setup=_underwrite,
        only_own=lambda world, actor, rows: actor == "staff_with" or all(
            row["buyer"] == world.user(actor).pk for row in rows)),
    Row("POST", "/api/v1/underwrites", {**UNDERWRITE_WRITE, "staff_with": 201}, setup=_plan_order,
        body=lambda world, actor: {"oid": str(world.objects["order"].pk), "validate_place": "Depot 1",
                                   "plan_time": (timezone.now() + dt.timedelta(days=1)).isoformat()}),
    Row("GET", "/api/v1/underwrites/{id}", UNDERWRITE_READ, setup=_underwrite, params=_uw_id),
    Row("GET", "/api/v1/underwrites/{id}/events", UNDERWRITE_READ, setup=_underwrite, params=_uw_id),
    Row("GET", "/api/v1/orders/{oid}/underwrite", UNDERWRITE_READ, setup=_underwrite,
        params=lambda world: {"oid": str(world.objects["order"].pk)}),
    Row("POST", "/api/v1/underwrites/{id}/fill", UNDERWRITE_WRITE, setup=_underwrite, params=_uw_id,
        body=lambda world, actor: {"real_place": "Depot 2", "certificate_state": 1}),
    Row("POST", "/api/v1/underwrites/{id}/result", UNDERWRITE_WRITE, setup=_filled, params=_uw_id,
        body=lambda world, actor: {"underwrite_result": "passed"}),
    Row("PATCH", "/api/v1/underwrites/{id}/result", UNDERWRITE_WRITE, params=_uw_id,
        setup=lambda world: (_filled(world), importlib.import_module("underwrite.services").underwrite_submit_result(
            actor=UserFactory(is_superuser=True, is_staff=True), underwrite_id=world.objects["underwrite"].pk,
            result="passed"), world.objects["underwrite"].refresh_from_db()),
        body=lambda world, actor: {"underwrite_result": "failed",
                                   "result_update_time": _stamp(world, "result_update_time")}),
    Row("PATCH", "/api/v1/underwrites/{id}/validate-place", UNDERWRITE_WRITE, setup=_underwrite, params=_uw_id,
        body=lambda world, actor: {"validate_place": "Depot 3",
                                   "validate_update_time": _stamp(world, "validate_update_time")}),
    Row("PATCH", "/api/v1/underwrites/{id}/real-place", UNDERWRITE_WRITE, setup=_filled, params=_uw_id,
        body=lambda world, actor: {"real_place": "Depot 4", "real_update_time": _stamp(world, "real_update_time")}),
    Row("PATCH", "/api/v1/underwrites/{id}/note", UNDERWRITE_WRITE, setup=_underwrite, params=_uw_id,
        body=lambda world, actor: {"note": "Scratches.", "note_update_time": _stamp(world, "note_update_time")}),
    Row("POST", "/api/v1/underwrites/{id}/photos", {**UNDERWRITE_WRITE, "staff_with": 201}, setup=_underwrite,
        params=_uw_id, body=lambda world, actor: {"photo": ["https://example.com/p.jpg"]}),
    Row("GET", "/api/v1/underwrites/{id}/photos/{photo_id}", UNDERWRITE_READ, params=lambda world: {
        **_uw_id(world), "photo_id": str(world.objects["underwrite"].photos.first().pk)},
        setup=lambda world: (_underwrite(world), importlib.import_module("underwrite.services").underwrite_add_photos(
            actor=UserFactory(is_superuser=True, is_staff=True), underwrite_id=world.objects["underwrite"].pk,
            files=[_png()], urls=[]))),
]


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


# --- the schema's operations ----------------------------------------------------------------------------
def schema_operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods = {"get", "post", "put", "patch", "delete"}
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item if method in methods}


def _rows_in_schema() -> list[Row]:
    operations = schema_operations()
    return [row for row in ROWS if row.key in operations]


def test_every_operation_has_a_row():
    listed = {row.key for row in ROWS}
    missing = sorted(schema_operations() - listed)
    assert not missing, f"operations without an authorization row in tests/authz/test_matrix.py: {missing}"


def test_rows_are_unique_and_complete():
    keys = [row.key for row in ROWS]
    assert len(keys) == len(set(keys))
    for row in ROWS:
        assert set(row.expect) == set(ACTORS), row.key


CASES = [(row, actor) for row in _rows_in_schema() for actor in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "actor"), CASES, ids=[f"{row.method} {row.path} as {actor}" for row, actor in CASES])
def test_matrix(row: Row, actor: str):
    world = make_world(row.grant)
    if row.setup:
        row.setup(world)
    path = row.path.format(**(row.params(world) if row.params else {}))
    if row.query:
        path += "?" + row.query.format(**{name: getattr(obj, "pk", obj) for name, obj in world.objects.items()})
    client = client_as(world, actor)
    kwargs = {"format": row.format}
    if row.body:
        kwargs["data"] = row.body(world, actor)
    response = getattr(client, row.method.lower())(path, **kwargs)
    expected = row.expect[actor]
    assert response.status_code == expected, (
        f"{row.method} {row.path} as {actor}: {response.status_code} (expected {expected}): {response.content[:300]!r}"
    )
    if row.only_own and 200 <= response.status_code < 300:
        rows = _list_rows(response.json())
        assert row.only_own(world, actor, rows), f"{row.method} {row.path} as {actor} shows someone else's rows: {rows}"
    if row.check and 200 <= response.status_code < 300:
        row.check(world, actor, response.json())


@pytest.mark.django_db
def test_the_matrix_notices_a_wrong_expectation():
    """The matrix can fail: profile for an anonymous caller is 401, not 200."""
    row = next(row for row in ROWS if row.key == ("GET", "/api/v1/users/profile"))
    world = make_world(row.grant)
    assert client_as(world, "anonymous").get(row.path).status_code == 401
    assert client_as(world, "owner").get(row.path).json()["data"]["id"] == world.users["owner"].pk
