"""Benchmark: `GET travels/matches` over 10,000 public plans (seed 004 travel matching).

Seeds 10,000 public plans of 200 bench users whose dates all overlap the probe plan (the worst case: every
plan passes the SQL prefilter and is scored), then times the whole request in-process (authentication,
selector, scoring, sorting, pagination, rendering) and, as the floor, the bare query that fetches the same
candidate rows. Prints

    travel_matches_ms_p50=<ms> travel_matches_floor_ms_p50=<ms> travel_matches_floor_ratio=<floor/value> candidates=<n>

Runs against DATABASE_URL (PostgreSQL under `make bench`), or the SQLite file without it. Its rows belong to
users named `bench_travel_*` and are removed before and after the run.

    python -m bench.travel_matches
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

PLANS = int(os.environ.get("BENCH_TRAVEL_PLANS", "10000"))
OWNERS = 200
RUNS = int(os.environ.get("BENCH_TRAVEL_RUNS", "25"))
WARMUP = 3
PREFIX = "bench_travel_"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _cleanup() -> None:
    from accounts.models import User

    User.objects.filter(username__startswith=PREFIX).delete()


def _seed():
    from accounts.models import User
    from travel.models import TravelPlan

    destinations = ["云南大理", "云南丽江", "西藏拉萨", "四川成都", "北京", "上海"]
    interests = ["徒步,摄影", "美食,摄影", "徒步,露营,美食", "博物馆", "徒步", ""]
    probe_user = User.objects.create(username=f"{PREFIX}probe")
    owners = User.objects.bulk_create([User(username=f"{PREFIX}{i}") for i in range(OWNERS)])
    start = date(2031, 10, 1)
    TravelPlan.objects.bulk_create(
        [
            TravelPlan(
                user=owners[i % OWNERS], destination=destinations[i % len(destinations)],
                start_date=start + timedelta(days=i % 5 - 2), end_date=start + timedelta(days=6 + i % 4),
                budget=Decimal(2000 + (i * 37) % 6000), interests=interests[i % len(interests)],
                visibility=TravelPlan.Visibility.PUBLIC,
            )
            for i in range(PLANS)
        ],
        batch_size=2000,
    )
    probe = TravelPlan.objects.create(user=probe_user, destination="云南大理", start_date=start,
                                      end_date=start + timedelta(days=6), budget=Decimal("5000"), interests="徒步,摄影")
    return probe_user, probe


def _p50(samples: list[float]) -> float:
    return statistics.median(samples)


def _time(call) -> list[float]:
    for _ in range(WARMUP):
        call()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    _setup()
    from rest_framework.test import APIClient

    from common.tokens import token_pair
    from travel.selectors import MATCH_FIELDS, companion_ids, plan_match_candidates

    _cleanup()
    try:
        user, probe = _seed()
        client = APIClient(SERVER_NAME="localhost")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair(user)['access']}")
        url = f"/api/v1/travels/matches?plan_id={probe.pk}&page=1&size=10"

        def request():
            response = client.get(url, SERVER_NAME="localhost", HTTP_HOST="localhost")
            assert response.status_code == 200, response.content[:300]
            return response

        total = request().json()["data"]["pagination"]["total"]
        companions = companion_ids(user=user)

        def floor():
            # The same candidate rows as plain tuples, nothing else: what any matching must at least read.
            return list(plan_match_candidates(plan=probe, companions=companions).values_list(*MATCH_FIELDS))

        value = _p50(_time(request))
        floor_value = _p50(_time(floor))
        print(f"travel_matches_ms_p50={value:.2f} travel_matches_floor_ms_p50={floor_value:.2f} "
              f"travel_matches_floor_ratio={floor_value / value:.2f} candidates={total}", flush=True)
        return 0 if total == PLANS else 1
    finally:
        _cleanup()


if __name__ == "__main__":
    sys.exit(main())
