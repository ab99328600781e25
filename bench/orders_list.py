"""`GET /api/v1/orders` for a user with 1,000 orders, 20 per page: requests/second served from the seed-002
Redis cache and from the database, and their ratio. Not part of `make test`.

    python -m bench.orders_list          # DATABASE_URL / REDIS_URL from the environment

It runs in its own throw-away test database (created and dropped here, never the development one), through
Django's test client (the full middleware, DRF and envelope stack without a network server). Cache and
database take turns in BENCH_RUNS rounds of BENCH_ORDERS_REQUESTS requests (A/B/A/B…), median of the rounds;
a round slower than BENCH_REQUEST_TIMEOUT seconds a request fails the run. Without
REDIS_URL the cache figure uses fakeredis and says so: the ratio then shows the code path only.
"""

import os
import statistics
import sys
import time
from decimal import Decimal

ORDERS = 1000
PAGE_SIZE = 20
REQUESTS = int(os.environ.get("BENCH_ORDERS_REQUESTS", "400"))
REQUEST_TIMEOUT = float(os.environ.get("BENCH_REQUEST_TIMEOUT", "10"))
ROUNDS = int(os.environ.get("BENCH_RUNS", "3"))


def _seed(user, merchant_user):
    """1,000 product orders with one item each, inserted in bulk (the services are measured elsewhere)."""
    from datetime import timedelta

    from django.utils import timezone

    from merchants.models import Merchant, Product
    from orders.models import Order, OrderItem

    merchant = Merchant.objects.create(user=merchant_user, merchant_type="flower_shop", business_name="Bench shop",
                                       contact_person="B", contact_phone="1", status="approved")
    product = Product.objects.create(merchant=merchant, name="Bench product", price=Decimal("9.90"))
    now = timezone.now()
    orders = [
        Order(order_no=f"ORD{now:%Y%m%d}{n:05d}", kind="product", state="pending_payment", buyer=user,
              merchant=merchant, summary=Decimal("19.80"), payment=Decimal("19.80"),
              deadline_at=now + timedelta(days=1))
        for n in range(ORDERS)
    ]
    Order.objects.bulk_create(orders)
    OrderItem.objects.bulk_create([
        OrderItem(order=o, product=product, quantity=2, unit_price=Decimal("9.90"), price=Decimal("19.80"))
        for o in orders
    ])


def _rate(client, pages: int, requests: int) -> float:
    start = time.perf_counter()
    for n in range(requests):
        response = client.get(f"/api/v1/orders?page={n % pages + 1}&size={PAGE_SIZE}")
        assert response.status_code == 200, response.content[:200]
        if time.perf_counter() - start > REQUEST_TIMEOUT * (n + 1):
            raise RuntimeError(f"orders_list: slower than {REQUEST_TIMEOUT}s a request")
    return requests / (time.perf_counter() - start)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from accounts.models import User
    from common.tokens import token_pair
    from orders import cache

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    fake = not settings.REDIS_URL
    redis_url = settings.REDIS_URL
    try:
        user = User.objects.create_user(username="bench-buyer", password="x-bench-password-1")
        _seed(user, User.objects.create_user(username="bench-merchant", password="x-bench-password-1"))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair(user)['access']}")
        pages = ORDERS // PAGE_SIZE

        if fake:
            import fakeredis

            fake_client = fakeredis.FakeRedis()
        else:
            redis_client = cache.client()
            stale = list(redis_client.scan_iter(match=f"{settings.NAMESPACE}:*order*"))
            if stale:
                redis_client.delete(*stale)

        def cached(requests: int = REQUESTS) -> float:
            settings.REDIS_URL = redis_url
            cache.use_client(fake_client if fake else None)
            return _rate(client, pages, requests)

        def database(requests: int = REQUESTS) -> float:
            cache.use_client(None)
            settings.REDIS_URL = ""  # the database path
            return _rate(client, pages, requests)

        cached(pages)  # warm: the first read rebuilds the user's set, then every page once
        database(pages)
        # Rounds A/B/A/B…, the median of each (the machine's load drift falls on both alike).
        samples = {"cache": [], "database": []}
        for _ in range(ROUNDS):
            samples["cache"].append(cached())
            samples["database"].append(database())
        from_cache, from_db = (statistics.median(samples[k]) for k in ("cache", "database"))
    finally:
        settings.REDIS_URL = redis_url
        cache.use_client(None)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    from bench.common import figure

    label = " (fakeredis: no REDIS_URL)" if fake else ""
    print(f"# orders_list: a user with {ORDERS} orders, {PAGE_SIZE} per page, {REQUESTS} requests each{label}")
    figure("orders_list.database", from_db, "req/s")
    # The database answer is the floor the cache is measured against: the ratio is cache ÷ database.
    figure("orders_list.cache", from_cache, "req/s", floor=from_db)


if __name__ == "__main__":
    main()
