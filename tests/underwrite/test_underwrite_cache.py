"""Seed-002 cache: `underwrite-id` (sorted set by update time) and `underwrite-entities` (id → JSON), written
after commit, read with a database fallback. Runs on the real Redis when REDIS_URL is set, else on fakeredis."""

import json

import fakeredis
import pytest

from underwrite import cache, selectors, services
from underwrite.serializers import underwrite_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_client(settings, monkeypatch):
    if not settings.REDIS_URL:
        settings.REDIS_URL = "redis://fake:6379/0"
        fake = fakeredis.FakeRedis()
        monkeypatch.setattr(cache, "get_client", lambda: fake)
    return cache.get_client()


def entity(client, underwrite_id):
    raw = client.hget(cache.key(cache.ENTITIES_KEY), str(underwrite_id))
    return json.loads(raw) if raw else None


def test_cache_is_written_after_commit_and_equals_the_database(
    redis_client, plan_order, operator, reviewer, client_for, django_capture_on_commit_callbacks
):
    from tests.factories.underwrite import plan_time

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        underwrite = services.underwrite_create(actor=operator, oid=plan_order.pk, plan_time=plan_time(),
                                                validate_place="东方银座")
    # nothing before commit
    assert entity(redis_client, underwrite.pk) is None
    for callback in callbacks:
        callback()
    cached = entity(redis_client, underwrite.pk)
    assert cached == underwrite_data(selectors.underwrite_get(underwrite.pk))
    assert cached["state"] == "scheduled"

    with django_capture_on_commit_callbacks(execute=True):
        services.underwrite_fill(actor=operator, underwrite_id=underwrite.pk, real_place="东直门",
                                 certificate_state=2, problems=[{"type": "剐蹭", "description": ""}],
                                 photos=["http://www.baidu.com"])
        services.underwrite_submit_result(actor=reviewer, underwrite_id=underwrite.pk, result="failed")
    from_db = underwrite_data(selectors.underwrite_get(underwrite.pk))
    assert entity(redis_client, underwrite.pk) == from_db
    assert from_db["state"] == "failed" and len(from_db["problems"]) == 1

    # the sorted set is scored by the update time
    score = redis_client.zscore(cache.key(cache.ID_KEY), str(underwrite.pk))
    assert score == selectors.underwrite_get(underwrite.pk).updated_at.timestamp()
    assert cache.underwrite_ids_by_update() == [str(underwrite.pk)]

    # and the API answers the cached entity, equal to the database's
    response = client_for(operator).get(f"/api/v1/underwrites/{underwrite.pk}")
    assert response.json()["data"] == from_db


def test_reads_come_from_the_cache_and_fall_back_to_the_database(
    redis_client, scheduled, operator, buyer, client_for, django_capture_on_commit_callbacks
):
    url = f"/api/v1/underwrites/{scheduled.pk}"
    # a miss reads the database and fills the cache
    assert entity(redis_client, scheduled.pk) is None
    with django_capture_on_commit_callbacks(execute=True):
        from_db = client_for(operator).get(url).json()["data"]
    assert entity(redis_client, scheduled.pk) == from_db

    # a hit is served from the cache (proved by a marker only the cache holds), permissions still apply
    marked = {**from_db, "validate_place": "from-cache"}
    redis_client.hset(cache.key(cache.ENTITIES_KEY), str(scheduled.pk), json.dumps(marked))
    assert client_for(buyer).get(url).json()["data"]["validate_place"] == "from-cache"
    from tests.factories import UserFactory

    assert client_for(UserFactory()).get(url).status_code == 404


def test_an_older_answer_never_overwrites_a_newer_one(redis_client, scheduled, operator,
                                                      django_capture_on_commit_callbacks):
    old = underwrite_data(selectors.underwrite_get(scheduled.pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.underwrite_alter_note(actor=operator, underwrite_id=scheduled.pk, note="new", last_seen=None)
    cache.underwrite_store(old)  # a late after-commit write of an older state
    assert entity(redis_client, scheduled.pk)["note"] == "new"


def test_soft_delete_hides_and_forgets(redis_client, scheduled, operator, buyer, client_for,
                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.underwrite_alter_note(actor=operator, underwrite_id=scheduled.pk, note="n", last_seen=None)
        services.underwrite_soft_delete(actor=operator, underwrite_id=scheduled.pk)
    assert entity(redis_client, scheduled.pk) is None
    assert redis_client.zscore(cache.key(cache.ID_KEY), str(scheduled.pk)) is None
    assert client_for(buyer).get(f"/api/v1/underwrites/{scheduled.pk}").status_code == 404


def test_without_redis_nothing_is_cached_and_reads_use_the_database(settings, scheduled, operator, client_for):
    settings.REDIS_URL = ""
    assert not cache.enabled()
    assert cache.underwrite_cached(scheduled.pk) is None
    response = client_for(operator).get(f"/api/v1/underwrites/{scheduled.pk}")
    assert response.json()["data"] == underwrite_data(selectors.underwrite_get(scheduled.pk))


def test_the_order_cache_follows_underwrite_transitions(order_cache, inspected, reviewer,
                                                        django_capture_on_commit_callbacks):
    from orders import cache as orders_cache

    with django_capture_on_commit_callbacks(execute=True):
        services.underwrite_submit_result(actor=reviewer, underwrite_id=inspected.pk, result="failed")
    row = json.loads(order_cache.hget(orders_cache.key(orders_cache.ENTITIES), str(inspected.order_id)))
    assert row["state"] == "rejected"
