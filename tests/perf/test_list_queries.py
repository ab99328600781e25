"""Issue 19: the query count of a list does not grow with its rows — each list below (messages, wants, updates,
registrations, plans, trade events, invitations, companions, admin merchants and applications, order events,
the claimed-animals feed, an activity's registrations) is read with 2 and 7
rows and must make the same number of queries, within its budget (the hot lists have exact pins in
test_item_list, test_trade_list and test_lean_lists)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import ActivityRegistration, AnimalClaim, AnimalUpdate
from marketplace.models import TradeEvent
from orders.models import OrderEvent
from tests.factories import UserFactory
from tests.factories.chat import MessageFactory
from tests.factories.community import ActivityFactory, AnimalFactory, TravelPlanFactory
from tests.factories.marketplace import ItemFactory, TradeFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, staff_user
from tests.factories.underwrite import PlanOrderFactory
from travel.models import Companionship, Invitation

pytestmark = pytest.mark.django_db


def _messages(me, n):
    MessageFactory.create_batch(n, recipient=me)
    return "/api/v1/messages/fetchall?size=20"


def _wants(me, n):
    item = ItemFactory(seller=me)
    for _ in range(n):
        TradeFactory(item=item)
    return f"/api/v1/items/{item.pk}/wants?size=20"


def _animal_updates(me, n):
    animal = AnimalFactory()
    AnimalUpdate.objects.bulk_create([AnimalUpdate(animal=animal, content=f"u{i}") for i in range(n)])
    return f"/api/v1/animals/{animal.pk}/updates?size=20"


def _my_registrations(me, n):
    ActivityRegistration.objects.bulk_create([ActivityRegistration(activity=ActivityFactory(), user=me)
                                              for _ in range(n)])
    return "/api/v1/activities/registrations?size=20"


def _travel_plans(me, n):
    TravelPlanFactory.create_batch(n, user=me)
    return "/api/v1/travels/plans?size=20"


def _trade_events(me, n):
    trade = TradeFactory(buyer=me)
    TradeEvent.objects.bulk_create([TradeEvent(trade=trade, actor=me, type="note") for _ in range(n)])
    return f"/api/v1/trades/{trade.pk}/events?size=20"


def _invitations(me, n):
    for _ in range(n):
        other = UserFactory()
        Invitation.objects.create(inviter=me, invitee=other, plan=TravelPlanFactory(user=me),
                                  matched_plan=TravelPlanFactory(user=other))
    return "/api/v1/travels/invitations?size=20"


def _companions(me, n):
    for other in UserFactory.create_batch(n):
        low, high = sorted((me, other), key=lambda user: user.pk)
        Companionship.objects.create(user_low=low, user_high=high)
    return "/api/v1/travels/companions?size=20"


def _admin_merchants(me, n):
    MerchantFactory.create_batch(n)
    return "/api/v1/admin/merchants?size=20"


def _admin_applications(me, n):
    MerchantApplicationFactory.create_batch(n)
    return "/api/v1/admin/applications?size=20"


def _order_events(me, n):
    order = PlanOrderFactory(buyer=me)
    OrderEvent.objects.bulk_create([OrderEvent(order=order, actor=me, type="note") for _ in range(n)])
    return f"/api/v1/orders/{order.pk}/events?size=20"


def _animal_feed(me, n):
    now = timezone.now()
    for animal in AnimalFactory.create_batch(n):
        AnimalClaim.objects.create(user=me, animal=animal, price_paid=Decimal("1.00"), claimed_at=now,
                                   ends_at=now + timedelta(days=30))
        AnimalUpdate.objects.create(animal=animal, content="fed")
    return "/api/v1/animals/feed?size=20"


def _activity_registrations(me, n):
    activity = ActivityFactory(merchant=MerchantFactory(user=me))
    ActivityRegistration.objects.bulk_create([ActivityRegistration(activity=activity, user=UserFactory())
                                              for _ in range(n)])
    return f"/api/v1/activities/{activity.pk}/registrations?size=20"


LISTS = {  # name: (rows builder, budget, needs staff)
    "messages-fetchall": (_messages, 3, False),
    "item-wants": (_wants, 4, False),
    "animal-updates": (_animal_updates, 4, False),
    "my-registrations": (_my_registrations, 3, False),
    "travel-plans": (_travel_plans, 3, False),
    "trade-events": (_trade_events, 4, False),
    "travel-invitations": (_invitations, 3, False),
    "travel-companions": (_companions, 4, False),
    "admin-merchants": (_admin_merchants, 5, True),
    "admin-applications": (_admin_applications, 5, True),
    "order-events": (_order_events, 4, False),
    "animal-feed": (_animal_feed, 3, False),
    "activity-registrations": (_activity_registrations, 5, False),
}


def _queries(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.json()
    return len(queries), len(response.json()["data"]["list"])


@pytest.mark.parametrize("name", list(LISTS))
def test_list_query_count_does_not_grow_with_rows(name, client_for):
    build, budget, staff = LISTS[name]
    counts = []
    for n in (2, 7):
        me = staff_user("super_admin") if staff else UserFactory()
        path = build(me, n)
        client = client_for(me)
        client.get(path)  # first read of the process (role and content-type caches) is not the list's cost
        count, rows = _queries(client, path)
        assert rows >= n, (name, rows)  # the staff lists see the rows of the first round too
        counts.append(count)
    assert counts[0] == counts[1] <= budget, (name, counts)
