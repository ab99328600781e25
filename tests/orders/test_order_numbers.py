"""`order_no`: ORD + yyyymmdd + 4 digits, sequential per (UTC) day, distinct under concurrency."""

import threading
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection, transaction

from orders.models import OrderNoSequence
from orders.services import order_no_allocate


@pytest.mark.django_db
def test_numbers_are_sequential_per_day():
    day1 = datetime(2026, 11, 21, 23, 59, tzinfo=UTC)
    day2 = datetime(2026, 11, 22, 0, 1, tzinfo=UTC)
    with transaction.atomic():
        assert [order_no_allocate(at=day1) for _ in range(3)] == [
            "ORD202611210001", "ORD202611210002", "ORD202611210003"]
        assert order_no_allocate(at=day2) == "ORD202611220001"
    assert OrderNoSequence.objects.get(day=day1.date()).last == 3


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_allocations_get_fifty_distinct_numbers():
    numbers, errors = [], []
    barrier = threading.Barrier(50)
    at = datetime(2026, 12, 1, 12, tzinfo=UTC)

    def allocate():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(order_no_allocate(at=at))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"ORD20261201{n:04d}" for n in range(1, 51)]
