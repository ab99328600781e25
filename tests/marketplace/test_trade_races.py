"""Races with real threads on PostgreSQL: exactly one winner (DESIGN §7, STYLE rule 14)."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from common.errors import ApplicationError
from marketplace.models import Item, Trade, TradeEvent
from marketplace.services import trades as services
from tests.factories import UserFactory
from tests.factories.marketplace import ItemFactory, TradeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks and real concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(calls):
    """Run every call in its own thread, released at once; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []
    lock = threading.Lock()

    def worker(call):
        try:
            barrier.wait(timeout=10)
            value = call()
            with lock:
                results.append(value)
        except ApplicationError as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_twenty_concurrent_accepts_leave_exactly_one_processing_trade():
    item = ItemFactory()
    trades = [TradeFactory(item=item) for _ in range(20)]
    seller = item.seller
    calls = [lambda t=t: services.trade_accept(trade_id=t.pk, actor=seller) for t in trades]
    results, errors = run_together(calls)
    assert len(results) == 1 and len(errors) == 19
    assert all(e.status == 409 for e in errors)
    assert Trade.objects.filter(item=item, state="processing").count() == 1
    winner = Trade.objects.get(item=item, state="processing")
    item.refresh_from_db()
    assert (item.state, item.reserved_for_id) == ("reserved", winner.buyer_id)
    assert TradeEvent.objects.filter(type="accepted").count() == 1


def test_concurrent_wants_of_one_buyer_make_one_trade():
    item, buyer = ItemFactory(), UserFactory()
    results, errors = run_together([lambda: services.trade_start(item_id=item.pk, buyer=buyer)] * 8)
    assert len(results) == 1 and {e.status for e in errors} == {409}
    assert Trade.objects.filter(item=item, buyer=buyer).count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_buyer_confirm_racing_the_sweep_has_one_outcome_and_one_event(attempt):
    item = ItemFactory()
    trade = TradeFactory(item=item)
    services.trade_accept(trade_id=trade.pk, actor=item.seller)
    services.trade_confirm(trade_id=trade.pk, actor=item.seller)
    Trade.objects.filter(pk=trade.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    other = TradeFactory(item=item, deadline_at=None)

    results, errors = run_together([
        lambda: services.trade_confirm(trade_id=trade.pk, actor=trade.buyer),
        lambda: services.trades_sweep_timeouts(),
    ])
    trade.refresh_from_db()
    assert trade.state == "completed"
    assert TradeEvent.objects.filter(trade=trade, type="completed").count() == 1
    assert TradeEvent.objects.filter(trade=other, type="cancelled", reason="item_sold").count() == 1
    assert Item.objects.get(pk=item.pk).state == "sold"
    # either the buyer won (the sweep found nothing due) or the sweep won (the buyer got a 409)
    assert len(errors) + len(results) == 2
    assert [e.status for e in errors] in ([], [409])
    if errors:
        assert 0 not in results
    else:
        assert 0 in results


def test_two_sweeps_at_once_apply_each_timeout_once():
    past = timezone.now() - timedelta(seconds=1)
    trades = [TradeFactory(deadline_at=past) for _ in range(60)]
    results, errors = run_together([lambda: services.trades_sweep_timeouts(batch_size=7)] * 2)
    assert not errors
    assert sum(results) == len(trades)
    assert TradeEvent.objects.filter(type="cancelled", reason="seller_accept_timeout").count() == len(trades)


def test_withdraw_racing_accept_ends_in_one_consistent_state():
    from marketplace.services.items import item_withdraw

    for _ in range(3):
        item = ItemFactory()
        trade = TradeFactory(item=item)
        results, errors = run_together([
            lambda: services.trade_accept(trade_id=trade.pk, actor=item.seller),
            lambda: item_withdraw(item_id=item.pk, actor=item.seller),
        ])
        assert len(results) == 1 and [e.status for e in errors] == [409]
        item.refresh_from_db()
        trade.refresh_from_db()
        assert (item.state, trade.state, trade.cancel_reason) in (
            ("reserved", "processing", None), ("withdrawn", "cancelled", "item_withdrawn"))


def test_concurrent_wants_respect_the_open_trade_limit(settings, monkeypatch):
    settings.TRADE_MAX_OPEN_PER_BUYER = 3
    real_timeout = services.accept_timeout

    def slow_timeout():
        # widen the window between counting the buyer's open trades and inserting the new one
        import time

        time.sleep(0.2)
        return real_timeout()

    monkeypatch.setattr(services, "accept_timeout", slow_timeout)
    buyer = UserFactory()
    items = ItemFactory.create_batch(8)
    results, errors = run_together([lambda i=i: services.trade_start(item_id=i.pk, buyer=buyer) for i in items])
    assert len(results) == 3 and {e.status for e in errors} == {409}
    assert Trade.objects.filter(buyer=buyer, state="pending").count() == 3
