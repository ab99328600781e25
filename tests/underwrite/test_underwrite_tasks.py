"""Celery beat: operators are reminded once of inspections due within UNDERWRITE_REMINDER_BEFORE."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chat.models import Message
from tests.factories.underwrite import PlanOrderFactory, operator_user
from underwrite import services
from underwrite.models import Underwrite, UnderwriteEvent
from underwrite.tasks import send_underwrite_reminders

pytestmark = pytest.mark.django_db


def schedule(operator, in_):
    return services.underwrite_create(
        actor=operator, oid=PlanOrderFactory().pk, plan_time=timezone.now() + in_, validate_place="东方银座"
    )


def test_reminds_the_operator_once_before_plan_time(operator, settings):
    settings.UNDERWRITE_REMINDER_BEFORE = 3600
    due = schedule(operator, timedelta(minutes=30))
    later = schedule(operator, timedelta(hours=3))
    colleague = operator_user()
    other = services.underwrite_create(
        actor=operator, oid=PlanOrderFactory().pk, plan_time=timezone.now() + timedelta(minutes=10),
        validate_place="国贸", operator=colleague.username,
    )

    assert send_underwrite_reminders() == 2
    reminders = Message.objects.filter(data__kind="underwrite_reminder")
    assert {(m.recipient_id, m.data["underwrite"]) for m in reminders} == {
        (operator.pk, str(due.pk)), (colleague.pk, str(other.pk))
    }
    assert all(m.order_id for m in reminders)
    assert Underwrite.objects.get(pk=due.pk).reminder_sent_at is not None
    assert Underwrite.objects.get(pk=later.pk).reminder_sent_at is None
    assert UnderwriteEvent.objects.filter(type="reminder_sent").count() == 2

    # running again sends nothing new
    assert send_underwrite_reminders() == 0
    assert Message.objects.filter(data__kind="underwrite_reminder").count() == 2


def test_no_reminder_after_inspection_or_when_plan_time_passed(operator, reviewer, settings):
    settings.UNDERWRITE_REMINDER_BEFORE = 3600
    inspected = schedule(operator, timedelta(minutes=20))
    services.underwrite_fill(actor=operator, underwrite_id=inspected.pk, real_place="x", certificate_state=0)
    past = schedule(operator, timedelta(minutes=-5))
    assert send_underwrite_reminders() == 0
    assert not Message.objects.filter(data__kind="underwrite_reminder").exists()
    assert Underwrite.objects.get(pk=past.pk).reminder_sent_at is None


def test_reminders_go_in_batches(operator, settings, monkeypatch):
    settings.UNDERWRITE_REMINDER_BEFORE = 3600
    monkeypatch.setattr(services.edits, "REMINDER_BATCH_SIZE", 2)
    for minutes in (10, 20, 30):
        schedule(operator, timedelta(minutes=minutes))
    assert services.underwrite_send_due_reminders() == 2
    assert services.underwrite_send_due_reminders() == 1
    assert services.underwrite_send_due_reminders() == 0


def test_the_beat_schedule_names_the_task(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["underwrite-reminders"]
    assert entry["task"] == "underwrite.tasks.send_underwrite_reminders"
    app.loader.import_default_modules()
    assert "underwrite.tasks.send_underwrite_reminders" in app.tasks
