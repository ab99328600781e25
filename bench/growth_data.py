"""Grow the tables for bench/growth.py: `python -m bench.growth_data items N` replaces the items with N rows
(1 in 100 titled "… guitar …", and the 30 newest too, so that `q=guitar` answers a full page of 20 at every
size and the sizes compare the same answer; 1 in 10 withdrawn, 1 in 50 hidden, like PERF-NOTES' run) and prints the
cursor of the last page; `python -m bench.growth_data messages N` makes a conversation of N messages.
Runs with the bench environment (a database of its own: tp_perf_bench_growth by default)."""

import json
import sys

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from common.pagination import cursor_encode  # noqa: E402
from marketplace.selectors import items as item_selectors  # noqa: E402

PASSWORD = "bench-password-1"


def user(name: str) -> User:
    found, created = User.objects.get_or_create(username=name, defaults={"nickname": name})
    if created or not found.check_password(PASSWORD):
        found.set_password(PASSWORD)
        found.save()
    return found


def items(count: int) -> dict:
    seller = user("growth_seller")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE marketplace_item CASCADE")
        cursor.execute(
            """INSERT INTO marketplace_item (seller_id, title, category, price, depreciation, note, image_url,
                   state, hidden, created_at, updated_at)
               SELECT %s, CASE WHEN n %% 100 = 7 OR n <= 30 THEN 'old guitar ' || n ELSE 'bench item ' || n END,
                   'c' || (n %% 20), 10 + n %% 500, '90%%', 'a bench row with a short note ' || n,
                   'https://example.com/i.png', CASE WHEN n %% 10 = 0 THEN 'withdrawn' ELSE 'on_sale' END,
                   n %% 50 = 0, now() - n * interval '1 second', now()
               FROM generate_series(1, %s) AS n""", [seller.pk, count])
        # VACUUM too: it empties the trigram indexes' pending lists, as autovacuum does on a live table.
        cursor.execute("VACUUM ANALYZE marketplace_item")
    cache.clear()
    visible = item_selectors.item_list(filters={}).values("created_at", "id")
    total = visible.count()
    before_last = visible[max(0, total - 21): max(1, total - 20)].first()
    return {"visible": total, "last_cursor": cursor_encode(before_last, item_selectors.ORDERINGS["newest"])}


def messages(count: int) -> dict:
    one, two = user("growth_a"), user("growth_b")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM chat_message WHERE sender_id IN (%s, %s) OR recipient_id IN (%s, %s)",
                       [one.pk, two.pk, one.pk, two.pk])
        cursor.execute(
            """INSERT INTO chat_message (sender_id, recipient_id, type, content, data, fetched, created_at, updated_at)
               SELECT CASE WHEN n %% 2 = 0 THEN %s ELSE %s END, CASE WHEN n %% 2 = 0 THEN %s ELSE %s END,
                   'chat', 'message ' || n, '{}'::jsonb, true, now() - (%s - n) * interval '1 second', now()
               FROM generate_series(1, %s) AS n""", [one.pk, two.pk, two.pk, one.pk, count, count])
        cursor.execute("VACUUM ANALYZE chat_message")
    cache.clear()
    return {"with": two.pk}


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps({"items": items, "messages": messages}[kind](count)))
