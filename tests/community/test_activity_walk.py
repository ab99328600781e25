"""Every activity transition through its service (issue 13): published on creation, cancelled by its
organizer — one typed ActivityEvent of the activity per step; each participant is told and loses the place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Activity, ActivityEvent, ActivityRegistration
from community.services import activities as services
from merchants.models import Merchant
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


def test_activity_walk(django_capture_on_commit_callbacks):
    organizer = MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER).user
    start = timezone.now() + timedelta(days=3)
    own = ActivityEvent.objects.filter(registration=None)
    activity = walk_step(django_capture_on_commit_callbacks, events=own, type="published",
                         run=lambda: services.activity_create(user=organizer, title="徒步", start_time=start,
                                                              end_time=start + timedelta(hours=2), max_participants=5))
    participant = UserFactory()
    registration = services.activity_register(activity_id=activity.pk, user=participant)
    walk_step(django_capture_on_commit_callbacks, events=own.filter(activity=activity), type="activity_cancelled",
              told=participant.pk, run=lambda: services.activity_cancel(activity_id=activity.pk, actor=organizer))
    activity.refresh_from_db()
    registration.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert registration.status == ActivityRegistration.Status.CANCELLED
    assert ActivityEvent.objects.filter(registration=registration, type="cancelled").count() == 1
