"""Every trade transition through its service (issue 13): one typed TradeEvent row per step and the other
party's notice (DESIGN §3.2)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Item, Trade, TradeEvent
from marketplace.services import trades as services
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    def run(trade_id, fn, type, told=None):
        return walk_step(django_capture_on_commit_callbacks, events=TradeEvent.objects.filter(trade_id=trade_id),
                         run=fn, type=type, told=told)
    return run


@pytest.fixture
def item():
    return ItemFactory()


def _start(item, buyer):
    return services.trade_start(item_id=item.pk, buyer=buyer)


def test_trade_walk_accept_seller_confirm_buyer_confirm(step, item, django_capture_on_commit_callbacks):
    buyer = UserFactory()
    seller = item.seller
    with django_capture_on_commit_callbacks(execute=True):
        trade = _start(item, buyer)
    assert list(TradeEvent.objects.filter(trade=trade).values_list("type", flat=True)) == ["created"]
    step(trade.pk, lambda: services.trade_accept(trade_id=trade.pk, actor=seller), "accepted", told=buyer.pk)
    step(trade.pk, lambda: services.trade_confirm(trade_id=trade.pk, actor=seller), "seller_confirmed", told=buyer.pk)
    step(trade.pk, lambda: services.trade_confirm(trade_id=trade.pk, actor=buyer), "completed", told=seller.pk)
    trade.refresh_from_db()
    item.refresh_from_db()
    assert trade.state == Trade.State.COMPLETED and item.state == Item.State.SOLD


def test_trade_walk_reject_and_cancels(step, item):
    seller = item.seller
    rejected = _start(item, UserFactory())
    step(rejected.pk, lambda: services.trade_reject(trade_id=rejected.pk, actor=seller), "rejected",
         told=rejected.buyer_id)
    withdrawn = _start(item, UserFactory())
    step(withdrawn.pk, lambda: services.trade_cancel(trade_id=withdrawn.pk, actor=withdrawn.buyer), "cancelled",
         told=seller.pk)
    reset = _start(item, UserFactory())
    services.trade_accept(trade_id=reset.pk, actor=seller)
    step(reset.pk, lambda: services.trade_cancel(trade_id=reset.pk, actor=seller), "cancelled", told=reset.buyer_id)
    reset.refresh_from_db()
    assert reset.cancel_reason == Trade.CancelReason.CANCELLED_BY_SELLER


def test_trade_walk_timeout_by_the_sweep(step, item):
    trade = _start(item, UserFactory())
    later = timezone.now() + timedelta(days=30)
    step(trade.pk, lambda: services.trades_sweep_timeouts(now=later), "cancelled", told=trade.buyer_id)
    trade.refresh_from_db()
    assert trade.cancel_reason == Trade.CancelReason.SELLER_ACCEPT_TIMEOUT
