"""Every registration transition through its service (issue 13): registered (free) or pending_payment (fee)
→ registered when the fee order is paid (the orders hook), → cancelled by the participant or with the fee
order. One typed ActivityEvent of the registration per step, and the notice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import ActivityEvent, ActivityRegistration
from community.services import activities as services
from merchants.models import Merchant
from orders import services as order_services
from tests.factories import UserFactory
from tests.factories.community import MerchantFactory
from tests.walk import walk_step

pytestmark = pytest.mark.django_db


def _activity(fee="0"):
    organizer = MerchantFactory(merchant_type=Merchant.Type.ACTIVITY_ORGANIZER).user
    start = timezone.now() + timedelta(days=3)
    return services.activity_create(user=organizer, title="徒步", start_time=start, end_time=start + timedelta(hours=2),
                                    max_participants=5, fee=Decimal(fee))


def _events(activity, user):
    return ActivityEvent.objects.filter(activity=activity, registration__user=user)


def test_registration_walk_free(django_capture_on_commit_callbacks):
    activity, user = _activity(), UserFactory()
    organizer_id = activity.merchant.user_id
    walk_step(django_capture_on_commit_callbacks, events=_events(activity, user), type="registered", told=organizer_id,
              run=lambda: services.activity_register(activity_id=activity.pk, user=user))
    walk_step(django_capture_on_commit_callbacks, events=_events(activity, user), type="cancelled", told=organizer_id,
              run=lambda: services.registration_cancel(activity_id=activity.pk, user=user))


@pytest.mark.parametrize("paid", [True, False])
def test_registration_walk_with_a_fee(django_capture_on_commit_callbacks, paid):
    activity, user = _activity("50"), UserFactory()
    registration = walk_step(django_capture_on_commit_callbacks, events=_events(activity, user), type="registered",
                             told=activity.merchant.user_id,
                             run=lambda: services.activity_register(activity_id=activity.pk, user=user))
    assert registration.status == ActivityRegistration.Status.PENDING_PAYMENT
    if paid:
        payment = order_services.payment_start(order_id=registration.order_id, actor=user)
        run = lambda: order_services.payment_sandbox_decide(reference=payment.reference, paid=True)  # noqa: E731
        type, state = "confirm_payment", ActivityRegistration.Status.REGISTERED
    else:
        run = lambda: order_services.order_cancel(order_id=registration.order_id, actor=user)  # noqa: E731
        type, state = "cancel", ActivityRegistration.Status.CANCELLED
    walk_step(django_capture_on_commit_callbacks, events=_events(activity, user), type=type, told=user.pk, run=run)
    registration.refresh_from_db()
    assert registration.status == state
