"""Issue 14 dashboard: failed payments, unpaid orders and open trades close to their deadline — each a count
linking to the changelist filtered the same way, shown only to roles that can act on them (order:manage)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from config.staff_cards import staff_cards
from marketplace.models import Trade
from orders import services as order_services
from orders.models import Order, Payment
from tests.factories import UserFactory
from tests.factories.marketplace import TradeFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db
LABELS = ("Failed payments", "Unpaid orders close to their deadline", "Trades close to their deadline")


def _order(deadline_in: timedelta):
    order = order_services.product_order_place(
        buyer=UserFactory(), items=[{"product": ProductFactory(price=Decimal("5.00")).pk, "quantity": 1}])
    Order.objects.filter(pk=order.pk).update(deadline_at=timezone.now() + deadline_in)
    return order


@pytest.fixture
def world():
    """2 failed payments of 3; 1 unpaid order due in 5 min of 3; 2 open trades due within a day of 4."""
    soon_order = _order(timedelta(minutes=5))
    later_order = _order(timedelta(minutes=25))
    overdue_order = _order(-timedelta(minutes=1))
    for n, status in enumerate(("failed", "failed", "created")):
        Payment.objects.create(order=later_order, reference=f"ref-{n}", amount=later_order.payment, status=status)
    now = timezone.now()
    soon_trades = [TradeFactory(deadline_at=now + timedelta(hours=2)),
                   TradeFactory(state=Trade.State.PROCESSING, deadline_at=now + timedelta(hours=20))]
    TradeFactory(deadline_at=now + timedelta(days=3))
    TradeFactory(state=Trade.State.CANCELLED, deadline_at=now + timedelta(hours=1))
    return {"order": soon_order, "overdue": overdue_order, "trades": soon_trades}


def test_counts_and_links_for_order_managers(client, world):
    admin = staff_user("admin")
    cards = {card.label: card for card in staff_cards(admin)}
    assert [cards[label].count for label in LABELS] == [2, 1, 2]
    client.force_login(admin)
    body = client.get("/admin/").content.decode()
    for label in LABELS:
        assert label in body and cards[label].url.replace("&", "&amp;") in body
    listed = {label: client.get(cards[label].url).context["cl"] for label in LABELS}
    assert {p.status for p in listed["Failed payments"].result_list} == {"failed"}
    assert listed["Failed payments"].result_count == 2
    assert [o.pk for o in listed["Unpaid orders close to their deadline"].result_list] == [world["order"].pk]
    assert {t.pk for t in listed["Trades close to their deadline"].result_list} == {t.pk for t in world["trades"]}


@pytest.mark.parametrize("role", ["none", "content_manager", "merchant_reviewer", "underwrite_operator",
                                  "underwrite_reviewer"])
def test_hidden_from_roles_that_cannot_act(client, world, role):
    user = staff_user() if role == "none" else staff_user(role)
    assert not {card.label for card in staff_cards(user)} & set(LABELS)
    client.force_login(user)
    body = client.get("/admin/").content.decode()
    assert not any(label in body for label in LABELS)


def test_the_deadline_filter_also_lists_overdue(client, world):
    client.force_login(staff_user("super_admin"))
    listing = client.get("/admin/orders/order/?deadline=overdue&state__exact=pending_payment").context["cl"]
    assert [o.pk for o in listing.result_list] == [world["overdue"].pk]


def test_cards_in_chinese(client, world):
    client.force_login(staff_user("admin"))
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "支付失败" in body and "临近截止" in body
