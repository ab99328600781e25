"""Races with real threads on PostgreSQL: concurrent stale-checked writes end with exactly one winner."""

import json
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import access_token_for
from underwrite import services
from underwrite.models import Underwrite, UnderwriteEvent

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def rpc_alter_note(token, uwid, note, seen):
    def call():
        body = {"jsonrpc": "2.0", "id": 1, "method": "underwrite.alterNote", "params": [uwid, note, seen]}
        response = Client().post("/api/rpc", data=json.dumps(body), content_type="application/json",
                                  HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.json()["result"]

    return call


@pytest.mark.parametrize("round_", range(3))
def test_two_alter_notes_with_the_same_last_seen_time_one_wins(scheduled, operator, round_):
    first = services.underwrite_alter_note(actor=operator, underwrite_id=scheduled.pk, note="start", last_seen=None)
    seen = first.note_update_time.isoformat()
    token = access_token_for(operator)
    uwid = str(scheduled.pk)
    results = run_together(rpc_alter_note(token, uwid, "from A", seen), rpc_alter_note(token, uwid, "from B", seen))
    codes = sorted(r["code"] for r in results)
    assert codes == [200, 409], results
    winner = next(r for r in results if r["code"] == 200)["data"]
    stored = Underwrite.objects.get(pk=scheduled.pk)
    assert stored.note == winner["note"] in ("from A", "from B")
    assert UnderwriteEvent.objects.filter(underwrite=scheduled, type="note_altered").count() == 2


def test_two_first_notes_still_one_wins(scheduled, operator):
    """With nothing stored yet, the loser sees the winner's time once it gets the lock and is refused."""
    token = access_token_for(operator)
    uwid = str(scheduled.pk)
    results = run_together(rpc_alter_note(token, uwid, "A", None), rpc_alter_note(token, uwid, "B", None))
    assert sorted(r["code"] for r in results) == [200, 409], results
    winner = next(r for r in results if r["code"] == 200)["data"]
    assert Underwrite.objects.get(pk=scheduled.pk).note == winner["note"]


def test_concurrent_results_one_wins_and_the_order_follows(inspected, reviewer):
    from orders.models import Order

    calls = [
        lambda: _try(services.underwrite_submit_result, actor=reviewer, underwrite_id=inspected.pk, result="passed"),
        lambda: _try(services.underwrite_submit_result, actor=reviewer, underwrite_id=inspected.pk, result="failed"),
    ]
    results = run_together(*calls)
    assert sorted(results) == ["409", "ok"], results
    stored = Underwrite.objects.get(pk=inspected.pk)
    expected = {"passed": Order.S.UNDERWRITTEN, "failed": Order.S.REJECTED}[stored.state]
    assert Order.objects.get(pk=inspected.order_id).state == expected


def _try(service, **kwargs):
    from common.errors import ApplicationError

    try:
        service(**kwargs)
        return "ok"
    except ApplicationError as exc:
        return str(exc.status)
