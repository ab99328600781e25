"""`make faults`, second scenario: a worker killed mid-sweep → every due timeout applied exactly once (issue 17).

On its own PostgreSQL database (the bench database's name + `_faults_sweep`, created and migrated if missing,
its marketplace rows emptied at the start), makes FAULTS_SWEEP_TRADES pending trades, one per on-sale item,
all past the seller-accept deadline. Starts the Celery task body `sweep_trade_timeouts` in a worker
subprocess with batches of FAULTS_SWEEP_BATCH, each batch pausing before its writes (inside its
transaction), and SIGKILLs the worker once the first batch is committed, while a later batch is open. Then
it runs the sweep again (as the next beat tick would) and passes when every due trade timed out exactly
once: one `cancelled` event with reason `seller_accept_timeout` per trade, no trade with two, none left
due, and the killed worker had left some undone (else the kill proved nothing).

    .venv/bin/python -m bench.faults_sweep          # run by bench.faults (make faults)
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal

from bench.common import PYTHON, ROOT, bench_env, django_setup, ensure_database

TRADES = int(os.environ.get("FAULTS_SWEEP_TRADES", "60"))
BATCH = int(os.environ.get("FAULTS_SWEEP_BATCH", "10"))
PAUSE = float(os.environ.get("FAULTS_SWEEP_PAUSE", "0.5"))


def sweep_env() -> dict[str, str]:
    """The bench environment on the dedicated database of this scenario."""
    env = bench_env()
    url = env["DATABASE_URL"]
    base, _, query = url.partition("?")
    env["DATABASE_URL"] = f"{base}_faults_sweep" + (f"?{query}" if query else "")
    return env


def _seed(n: int) -> list[int]:
    from django.utils import timezone

    from accounts.models import User
    from chat.models import Message
    from marketplace.models import Item, Trade, TradeEvent

    TradeEvent.objects.all().delete()
    Message.objects.all().delete()
    Trade.objects.all().delete()
    Item.objects.all().delete()
    seller, _ = User.objects.get_or_create(username="faults_sweep_seller", defaults={"password": "!"})
    buyer, _ = User.objects.get_or_create(username="faults_sweep_buyer", defaults={"password": "!"})
    items = Item.objects.bulk_create([Item(seller=seller, title=f"faults sweep {i}", price=Decimal("5.00"))
                                      for i in range(n)])
    deadline = timezone.now() - timedelta(seconds=60)
    trades = Trade.objects.bulk_create([Trade(item=item, buyer=buyer, seller_id=seller.pk, deadline_at=deadline)
                                        for item in items])
    return [t.pk for t in trades]


def _worker(batch: int, pause: float) -> None:
    """The killed worker: the Celery task body, each batch pausing inside its transaction before writing."""
    from marketplace import tasks
    from marketplace.services.trade_changes import TradeChanges

    save = TradeChanges.save

    def slow_save(self):
        time.sleep(pause)
        save(self)

    TradeChanges.save = slow_save
    print(f"worker swept {tasks.sweep_trade_timeouts(batch_size=batch)}", flush=True)


def _timeout_events() -> int:
    from marketplace.models import TradeEvent

    return TradeEvent.objects.filter(to_state="cancelled", reason="seller_accept_timeout").count()


def _wait_no_open_transactions(timeout: float = 15.0) -> None:
    """PostgreSQL rolls back the killed worker's open batch when it notices the closed socket; wait for it."""
    from django.db import connection

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'")
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)


def _report(trade_ids: list[int], done_before_kill: int, swept_after: int) -> bool:
    from django.db.models import Count
    from django.utils import timezone

    from marketplace.models import Trade, TradeEvent

    per_trade = dict(TradeEvent.objects.filter(trade_id__in=trade_ids, to_state="cancelled")
                     .values_list("trade_id").annotate(n=Count("id")).values_list("trade_id", "n"))
    twice = [pk for pk, n in per_trade.items() if n > 1]
    missing = [pk for pk in trade_ids if pk not in per_trade]
    wrong = Trade.objects.filter(pk__in=trade_ids).exclude(state="cancelled", cancel_reason="seller_accept_timeout").count()
    left_due = Trade.objects.filter(state__in=Trade.ACTIVE_STATES, deadline_at__lte=timezone.now()).count()
    print(f"sweep kill: {len(trade_ids)} due trades, batch {BATCH}; killed worker committed {done_before_kill}, "
          f"second sweep applied {swept_after}")
    print(f"sweep kill: timeout events {sum(per_trade.values())}, trades timed out twice {len(twice)}, "
          f"never {len(missing)}, not cancelled for the accept timeout {wrong}, left due {left_due}")
    return (0 < done_before_kill < len(trade_ids) and not twice and not missing and not wrong and not left_due
            and done_before_kill + swept_after == len(trade_ids))


def main() -> int:
    env = sweep_env()
    ensure_database(env)
    django_setup(env)
    trade_ids = _seed(TRADES)
    worker = subprocess.Popen([PYTHON, "-m", "bench.faults_sweep", "worker", str(BATCH), str(PAUSE)], cwd=ROOT, env=env)
    try:
        end = time.monotonic() + 120
        while _timeout_events() < BATCH and worker.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(PAUSE / 2)  # now inside a later batch's transaction, before its writes
        killed = worker.poll() is None
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait()
    if not killed:
        print("sweep kill: the worker ended before it was killed")
        return 1
    _wait_no_open_transactions()
    done_before_kill = _timeout_events()
    from marketplace.services.trades import trades_sweep_timeouts

    swept_after = trades_sweep_timeouts(batch_size=BATCH)
    ok = _report(trade_ids, done_before_kill, swept_after)
    print("faults sweep: PASS" if ok else "faults sweep: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        django_setup(dict(os.environ))  # the environment main() started it with
        _worker(int(sys.argv[2]), float(sys.argv[3]))
        raise SystemExit(0)
    raise SystemExit(main())
