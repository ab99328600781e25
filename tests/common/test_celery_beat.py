from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_beat_schedule_holds_every_periodic_job(settings):
    names = set(settings.CELERY_BEAT_SCHEDULE)
    assert {"trade-timeouts", "order-timeouts", "flush-expired-tokens"} <= names
    assert settings.CELERY_BEAT_SCHEDULE["trade-timeouts"]["schedule"] == float(settings.TRADE_SWEEP_INTERVAL)


@pytest.mark.django_db(transaction=True)
def test_beat_sends_a_due_periodic_task():
    """Run the real DatabaseScheduler: it installs the settings schedule and sends a due task."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    scheduler = DatabaseScheduler(app=celery_app, lazy=True)
    scheduler.setup_schedule()
    task = PeriodicTask.objects.get(name="flush-expired-tokens")
    assert task.task == "common.tasks.flush_expired_tokens"
    assert task.interval.every == 6 * 3600

    # make it due: last run long ago
    task.last_run_at = timezone.now() - timedelta(days=1)
    task.save()
    scheduler = DatabaseScheduler(app=celery_app, lazy=True)
    scheduler.setup_schedule()
    with mock.patch.object(celery_app, "send_task") as send_task:
        entry = scheduler.schedule["flush-expired-tokens"]
        scheduler.apply_entry(entry, producer=mock.Mock())
    sent = [call.args[0] for call in send_task.call_args_list]
    assert "common.tasks.flush_expired_tokens" in sent


def test_flush_expired_tokens_task_runs(user):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    from common.tasks import flush_expired_tokens
    from common.tokens import token_pair

    token_pair(user)
    OutstandingToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    flush_expired_tokens.apply()
    assert OutstandingToken.objects.count() == 0
