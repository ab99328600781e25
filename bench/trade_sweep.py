"""Benchmark the trade timeout sweep against a bare SQL UPDATE of the same rows (issue 3).

    DATABASE_URL=postgres://… python -m bench.trade_sweep [N]

Creates its own database (the test database `test_<name>`, migrated, dropped at the end), makes N due
trades — a mix of the three timeouts: accept timeouts on on-sale items, seller-confirm timeouts and
buyer-confirm timeouts (auto-complete) on reserved items that also hold a paused want, which the
completion cancels as `item_sold` — and times `trades_sweep_timeouts()`, which writes every trade and item
change, one event row per change, and one stored notice per party with its push after commit (the channel
layer is Redis when REDIS_URL is set, else in-memory). Then it rebuilds the same rows and times one bare
`UPDATE … WHERE deadline_at <= now()` of the due trades as the floor, and prints the ratio.
"""

import os
import sys
import time
from datetime import timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOW_DEV_SECRET", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGET_PER_SECOND = 2000


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine: /proc), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def cpu_line(done: int, python_cpu: float, db_cpu: float | None) -> str:
    """On a shared machine wall time depends on the load; CPU time does not. N / (python + database CPU) is
    the rate with both on one otherwise idle core each, never overlapping (a pessimistic bound)."""
    if db_cpu is None:
        return f"python_cpu={python_cpu:.2f}s"
    return (f"python_cpu={python_cpu:.2f}s db_cpu={db_cpu:.2f}s "
            f"per_cpu_second={done / (python_cpu + db_cpu):.0f}")


def build(n: int) -> int:
    """Create `n` due trades (and their paused neighbours); return how many are due."""
    from accounts.models import User
    from chat.models import Message
    from marketplace.models import Item, Trade, TradeEvent

    TradeEvent.objects.all().delete()
    Message.objects.all().delete()
    Trade.objects.all().delete()
    Item.objects.all().delete()
    users = list(User.objects.filter(username__startswith="bench"))
    if not users:
        User.objects.bulk_create([User(username=f"bench{i}", password="!") for i in range(200)])
        users = list(User.objects.filter(username__startswith="bench"))
    sellers, buyers = users[:50], users[50:]
    now = timezone.now()
    past = now - timedelta(seconds=1)
    accept_n = n * 6 // 10 // 2 * 2  # two due wants per on-sale item
    confirm_n = (n - accept_n) // 2
    complete_n = n - accept_n - confirm_n

    items = []
    for i in range(accept_n // 2):
        items.append(Item(seller=sellers[i % 50], title=f"on sale {i}", price=Decimal("9.99")))
    for i in range(confirm_n + complete_n):
        items.append(Item(seller=sellers[i % 50], title=f"reserved {i}", price=Decimal("19.99")))
    Item.objects.bulk_create(items, batch_size=2000)
    on_sale, reserved = items[: accept_n // 2], items[accept_n // 2 :]
    trades, reserved_updates = [], []
    for i, item in enumerate(on_sale):
        for k in range(2):
            buyer = buyers[(2 * i + k) % len(buyers)]
            trades.append(Trade(item=item, buyer=buyer, seller_id=item.seller_id, deadline_at=past))
    for i, item in enumerate(reserved):
        buyer, waiting = buyers[i % len(buyers)], buyers[(i + 1) % len(buyers)]
        confirmed = i >= confirm_n
        trades.append(Trade(item=item, buyer=buyer, seller_id=item.seller_id, state=Trade.State.PROCESSING,
                            accepted_at=past - timedelta(days=8), deadline_at=past,
                            seller_confirmed_at=past - timedelta(days=7) if confirmed else None))
        trades.append(Trade(item=item, buyer=waiting, seller_id=item.seller_id, deadline_at=None))
        reserved_updates.append((item.pk, buyer.pk))
    Trade.objects.bulk_create(trades, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE marketplace_item SET state = 'reserved', reserved_for_id = t.buyer_id "
            "FROM marketplace_trade t WHERE t.item_id = marketplace_item.id AND t.state = 'processing'"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a long-running database would have
    return Trade.objects.filter(state__in=Trade.ACTIVE_STATES, deadline_at__lte=now).count()


def bench_sweep(n: int) -> tuple[int, float, dict]:
    from chat.models import Message
    from marketplace.models import Trade, TradeEvent
    from marketplace.services.trades import trades_sweep_timeouts

    due = build(n)
    db_before = backend_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    done = trades_sweep_timeouts()
    seconds = time.perf_counter() - started
    written_cpu = time.process_time() - cpu
    db_after = backend_cpu()
    db_cpu = db_after - db_before if db_before is not None and db_after is not None else None
    assert done == due, (done, due)
    assert not Trade.objects.filter(state__in=Trade.ACTIVE_STATES, deadline_at__lte=timezone.now()).exists()
    written = {"events": TradeEvent.objects.count(), "messages": Message.objects.count(),
               "cpu": cpu_line(done, written_cpu, db_cpu)}
    return done, seconds, written


def bench_floor(n: int) -> tuple[int, float, str]:
    due = build(n)
    db_before = backend_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE marketplace_trade SET state = 'cancelled', cancel_reason = 'seller_accept_timeout', "
            "cancelled_at = now(), deadline_at = NULL, updated_at = now() "
            "WHERE state IN ('pending', 'processing') AND deadline_at <= now()"
        )
        updated = cursor.rowcount
    seconds = time.perf_counter() - started
    python_cpu = time.process_time() - cpu
    db_after = backend_cpu()
    db_cpu = db_after - db_before if db_before is not None and db_after is not None else None
    assert updated == due, (updated, due)
    return updated, seconds, cpu_line(updated, python_cpu, db_cpu)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    if not settings.IS_POSTGRES:
        print("trade_sweep: needs PostgreSQL (set DATABASE_URL=postgres://…)", file=sys.stderr)
        return 2
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        done, seconds, written = bench_sweep(n)
        print(f"trade_sweep: N={done} seconds={seconds:.3f} per_second={done / seconds:.0f} "
              f"(events={written['events']} messages={written['messages']} {written['cpu']} "
              f"layer={'redis' if settings.REDIS_URL else 'in-memory'})")
        floor_n, floor_seconds, floor_cpu = bench_floor(n)
        print(f"trade_sweep_floor (bare SQL UPDATE): N={floor_n} seconds={floor_seconds:.3f} "
              f"per_second={floor_n / floor_seconds:.0f} ({floor_cpu})")
        ratio = seconds / floor_seconds
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"trade_sweep: ratio={ratio:.1f}x the floor; target {TARGET_PER_SECOND}/s "
              f"{'met' if done / seconds >= TARGET_PER_SECOND else 'NOT met'} in wall time "
              f"(load average {load} on {os.cpu_count()} cores)")
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
