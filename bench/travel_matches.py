"""Benchmark: `GET travels/matches` over 10,000 public plans (seed 004 travel matching).

Seeds 10,000 public plans of 200 bench users whose dates all overlap the probe plan (the worst case: every
plan passes the SQL prefilter and is scored), then times the whole request in-process (authentication,
selector, scoring, sorting, pagination, rendering) and, as the floor, the same I/O without the rest: the
caller's row (what the token check reads), the plan, the companions and the candidate rows as tuples. Feature
and floor take turns in rounds of 5 calls (A/B/A/B…), p50 over all calls of each. Prints

    travel_matches.p50: <ms> ms (floor <ms> ms, <floor/value>)
    travel_matches: candidates=<n>

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


def _time_interleaved(calls: dict, block: int = 5) -> dict[str, list[float]]:
    """Each call WARMUP times, then blocks of `block` calls of each in turn until RUNS calls each."""
    for call in calls.values():
        for _ in range(WARMUP):
            call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    while min(len(v) for v in samples.values()) < RUNS:
        for name, call in calls.items():
            for _ in range(block):
                started = time.perf_counter()
                call()
                samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    _setup()
    from rest_framework.test import APIClient

    from accounts.models import User
    from common.tokens import token_pair
    from travel.models import TravelPlan
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

        def floor():
            # The request's reads and nothing else: the caller (token check), the plan, the companions, the
            # candidate rows as plain tuples. No DRF, no scoring, no sorting, no rendering.
            caller = User.objects.get(pk=user.pk)
            plan = TravelPlan.objects.filter(pk=probe.pk, user=caller).select_related("user").first()
            return list(plan_match_candidates(plan=plan, companions=companion_ids(user=plan.user))
                        .values_list(*MATCH_FIELDS))

        samples = _time_interleaved({"feature": request, "floor": floor})
        value, floor_value = _p50(samples["feature"]), _p50(samples["floor"])
        from bench.common import figure

        figure("travel_matches.p50", value, "ms", floor=floor_value)
        print(f"travel_matches: candidates={total}", flush=True)
        return 0 if total == PLANS else 1
    finally:
        _cleanup()


if __name__ == "__main__":
    sys.exit(main())
