"""The three timeouts of seed 003 with an advanced clock, and the Celery beat sweep that applies them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

# Imported before any clock is frozen: SimpleRateThrottle binds `time.time` when its module is first imported,
# and an import under freeze_time would bind the fake clock for the rest of the run.
from rest_framework import throttling  # noqa: F401

from chat.models import Message
from marketplace.models import Trade, TradeEvent
from marketplace.services import trades as services
from marketplace.tasks import sweep_trade_timeouts
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory

pytestmark = pytest.mark.django_db

START = "2026-11-20 08:00:00"


@pytest.fixture
def timeouts(settings):
    settings.TRADE_SELLER_ACCEPT_TIMEOUT = 3600
    settings.TRADE_SELLER_CONFIRM_TIMEOUT = 2 * 3600
    settings.TRADE_BUYER_CONFIRM_TIMEOUT = 3 * 3600
    return settings


def start(item, buyer=None):
    return services.trade_start(item_id=item.pk, buyer=buyer or UserFactory())


def events_of(trade):
    return list(TradeEvent.objects.filter(trade=trade).values_list("type", "reason", "actor_id"))


def test_seller_accept_timeout_cancels_the_pending_trade(timeouts):
    with freeze_time(START) as clock:
        item = ItemFactory()
        trade = start(item)
        assert trade.deadline_at == timezone.now() + timedelta(hours=1)
        clock.tick(timedelta(minutes=59))
        assert services.trades_sweep_timeouts() == 0
        clock.tick(timedelta(minutes=1))
        assert services.trades_sweep_timeouts() == 1
    trade.refresh_from_db()
    assert (trade.state, trade.cancel_reason, trade.deadline_at) == ("cancelled", "seller_accept_timeout", None)
    assert trade.cancelled_at.isoformat().startswith("2026-11-20T09:00")
    assert events_of(trade)[-1] == ("cancelled", "seller_accept_timeout", None)
    for user_id in (trade.buyer_id, trade.seller_id):
        assert Message.objects.filter(recipient_id=user_id, trade=trade, data__event="trade.cancelled").exists()
    # running again changes nothing
    with freeze_time("2026-11-21"):
        assert services.trades_sweep_timeouts() == 0
    assert TradeEvent.objects.filter(trade=trade).count() == 2


def test_seller_confirm_timeout_cancels_and_puts_the_item_back_on_sale(timeouts):
    with freeze_time(START) as clock:
        item = ItemFactory()
        trade, other = start(item), start(item)
        clock.tick(timedelta(minutes=30))
        services.trade_accept(trade_id=trade.pk, actor=item.seller)
        # the other want's accept clock is paused while the item is reserved: long past its first deadline
        clock.tick(timedelta(hours=2) - timedelta(seconds=1))
        assert services.trades_sweep_timeouts() == 0
        other.refresh_from_db()
        assert other.state == "pending" and other.deadline_at is None
        clock.tick(timedelta(seconds=1))
        assert services.trades_sweep_timeouts() == 1
        now = timezone.now()
    trade.refresh_from_db()
    item.refresh_from_db()
    other.refresh_from_db()
    assert (trade.state, trade.cancel_reason) == ("cancelled", "seller_confirm_timeout")
    assert (item.state, item.reserved_for_id) == ("on_sale", None)
    # a fresh accept deadline for the kept want
    assert other.state == "pending" and other.deadline_at == now + timedelta(hours=1)
    with freeze_time(now + timedelta(hours=1)):
        assert services.trades_sweep_timeouts() == 1
    other.refresh_from_db()
    assert other.cancel_reason == "seller_accept_timeout"


def test_buyer_confirm_timeout_auto_completes_and_tells_the_rest_sold(timeouts):
    with freeze_time(START) as clock:
        item = ItemFactory()
        trade, other = start(item), start(item)
        services.trade_accept(trade_id=trade.pk, actor=item.seller)
        clock.tick(timedelta(hours=1))
        services.trade_confirm(trade_id=trade.pk, actor=item.seller)
        trade.refresh_from_db()
        assert trade.deadline_at == timezone.now() + timedelta(hours=3)
        # past the seller-confirm deadline but the seller did confirm: nothing to do
        clock.tick(timedelta(hours=2))
        assert services.trades_sweep_timeouts() == 0
        clock.tick(timedelta(hours=1))
        assert services.trades_sweep_timeouts() == 1
    trade.refresh_from_db()
    item.refresh_from_db()
    other.refresh_from_db()
    assert (trade.state, trade.cancel_reason) == ("completed", None) and trade.completed_at
    assert item.state == "sold"
    assert (other.state, other.cancel_reason) == ("cancelled", "item_sold")
    assert events_of(trade)[-1] == ("completed", "buyer_confirm_timeout", None)
    assert Message.objects.filter(recipient_id=other.buyer_id, data__event="trade.cancelled", trade=other).exists()
    assert Message.objects.filter(recipient_id=trade.buyer_id, data__event="trade.completed").exists()
    assert Message.objects.filter(recipient_id=trade.seller_id, data__event="trade.completed").exists()


def test_seller_confirm_timeout_does_not_wait_for_buyer_deadline(timeouts):
    with freeze_time(START) as clock:
        item = ItemFactory()
        trade = start(item)
        services.trade_accept(trade_id=trade.pk, actor=item.seller)
        clock.tick(timedelta(hours=2))
        services.trade_confirm(trade_id=trade.pk, actor=trade.buyer)  # the buyer may confirm any time
    trade.refresh_from_db()
    assert trade.state == "completed"


def test_sweep_handles_many_trades_in_batches(timeouts):
    with freeze_time(START) as clock:
        items = ItemFactory.create_batch(7)
        trades = [start(item) for item in items for _ in range(2)]
        clock.tick(timedelta(hours=2))
        assert services.trades_sweep_timeouts(batch_size=3) == 14
    assert set(Trade.objects.values_list("cancel_reason", flat=True)) == {"seller_accept_timeout"}
    assert TradeEvent.objects.filter(type="cancelled").count() == len(trades)


def test_sweep_task_by_its_beat_name(timeouts):
    with freeze_time(START) as clock:
        trade = start(ItemFactory())
        clock.tick(timedelta(hours=2))
        from config.celery import app

        assert sweep_trade_timeouts.name == "marketplace.tasks.sweep_trade_timeouts"
        result = app.tasks["marketplace.tasks.sweep_trade_timeouts"].apply()
    assert result.get() == 1
    trade.refresh_from_db()
    assert trade.state == "cancelled"


def test_person_and_sweep_share_the_rules_a_late_call_gets_409(timeouts, client_for):
    with freeze_time(START) as clock:
        item = ItemFactory()
        trade = start(item)
        clock.tick(timedelta(hours=2))
        services.trades_sweep_timeouts()
        response = client_for(item.seller).post(f"/api/v1/trades/{trade.pk}/accept")
    assert response.status_code == 409 and "cancelled" in response.json()["message"]


def test_a_stale_accept_deadline_on_a_reserved_item_pauses_instead_of_cancelling(timeouts):
    with freeze_time(START) as clock:
        item = ItemFactory()
        accepted, waiting = start(item), start(item)
        services.trade_accept(trade_id=accepted.pk, actor=item.seller)
        # a deadline left from before the pause (e.g. rows written by an older release)
        Trade.objects.filter(pk=waiting.pk).update(deadline_at=timezone.now())
        clock.tick(timedelta(minutes=1))
        assert services.trades_sweep_timeouts() == 1
    waiting.refresh_from_db()
    assert (waiting.state, waiting.deadline_at) == ("pending", None)
    assert not TradeEvent.objects.filter(trade=waiting, type="cancelled").exists()


def test_a_sweep_killed_half_way_keeps_finished_batches_and_the_next_run_finishes(timeouts, monkeypatch):
    with freeze_time(START) as clock:
        items = ItemFactory.create_batch(6)
        for item in items:
            start(item)
        clock.tick(timedelta(hours=2))
        real_timeout, calls = services._timeout, []

        def dying(ch, **kwargs):
            calls.append(1)
            if len(calls) == 4:  # the second batch of three dies half-way
                raise RuntimeError("worker killed")
            return real_timeout(ch, **kwargs)

        monkeypatch.setattr(services, "_timeout", dying)
        with pytest.raises(RuntimeError):
            services.trades_sweep_timeouts(batch_size=3)
        # the first batch committed as a whole, nothing of the second
        assert Trade.objects.filter(state="cancelled").count() == 3
        assert TradeEvent.objects.filter(type="cancelled").count() == 3
        assert Message.objects.filter(data__event="trade.cancelled").count() == 6
        monkeypatch.setattr(services, "_timeout", real_timeout)
        assert services.trades_sweep_timeouts(batch_size=3) == 3
    assert not Trade.objects.filter(state="pending").exists()
    assert TradeEvent.objects.filter(type="cancelled").count() == 6
