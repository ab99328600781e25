"""Activities (seed 004 `activities`): organizers publish, users register up to max_participants exactly."""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from chat.services import Notice, messages_send
from common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from marketplace.models import Activity, ActivityEvent, ActivityRegistration, Merchant
from marketplace.services.community_common import approved_merchant_for


def activity_lock(activity_id: int) -> Activity:
    """Lock one activity row; lock it before any of its registrations."""
    try:
        return Activity.objects.select_for_update().select_related("merchant").get(pk=activity_id)
    except Activity.DoesNotExist:
        raise NotFound(_("Activity not found.")) from None


@transaction.atomic
def activity_create(
    *,
    user: User,
    title: str,
    start_time: datetime,
    end_time: datetime,
    max_participants: int,
    description: str = "",
    activity_type: str = "",
    location: str = "",
    fee: Decimal = Decimal("0"),
) -> Activity:
    """Publish an activity; only approved activity organizers may."""
    merchant = approved_merchant_for(user=user, merchant_type=Merchant.Type.ACTIVITY_ORGANIZER)
    errors = {}
    if end_time <= start_time:
        errors["end_time"] = [_("Must be after the start time.")]
    if start_time <= timezone.now():
        errors["start_time"] = [_("Must be in the future.")]
    if max_participants < 1:
        errors["max_participants"] = [_("Must be at least 1.")]
    if fee < 0:
        errors["fee"] = [_("Must not be negative.")]
    if errors:
        raise ValidationFailed(_("Invalid activity."), data=errors)
    activity = Activity.objects.create(
        merchant=merchant, title=title, description=description, activity_type=activity_type, start_time=start_time,
        end_time=end_time, location=location, fee=fee, max_participants=max_participants,
    )
    ActivityEvent.objects.create(activity=activity, actor=user, type="published", to_state=activity.status)
    return activity


@transaction.atomic
def activity_register(*, activity_id: int, user: User) -> ActivityRegistration:
    """Take one place in an activity. The activity row lock serialises registrations, so the count of
    places taken never passes max_participants. A fee makes the registration `pending_payment`."""
    activity = activity_lock(activity_id)
    if activity.merchant.user_id == user.pk:
        raise PermissionDenied(_("Organizers cannot register for their own activity."))
    if activity.status != Activity.Status.PUBLISHED:
        raise transition_not_allowed(activity, "register", field="status")
    if not activity.merchant.can_sell:
        raise Conflict(_("This organizer cannot take registrations now."),
                       data={"merchant_status": activity.merchant.status})
    if activity.start_time <= timezone.now():
        raise Conflict(_("This activity has already started."))
    holding = ActivityRegistration.objects.filter(activity=activity, status__in=ActivityRegistration.HOLDING)
    if holding.filter(user=user).exists():
        raise Conflict(_("You are already registered for this activity."))
    if holding.count() >= activity.max_participants:
        raise Conflict(_("This activity is full."), data={"max_participants": activity.max_participants})
    # Paying a fee needs the product-order path of the orders issue; until it is wired in, a fee
    # registration holds its place as `pending_payment`.
    status = ActivityRegistration.Status.PENDING_PAYMENT if activity.fee > 0 else ActivityRegistration.Status.REGISTERED
    try:
        with transaction.atomic():
            registration = ActivityRegistration.objects.create(activity=activity, user=user, status=status)
    except IntegrityError:
        raise Conflict(_("You are already registered for this activity.")) from None
    ActivityEvent.objects.create(activity=activity, registration=registration, actor=user, type="registered",
                                 to_state=registration.status)
    data = {"kind": "activity_registration", "activity_id": activity.pk, "registration_id": registration.pk,
            "status": registration.status}
    messages_send([
        Notice(recipient_id=user.pk, data=data,
               content=_("You registered for %(title)s.") % {"title": activity.title}),
        Notice(recipient_id=activity.merchant.user_id, data=data,
               content=_("%(user)s registered for %(title)s.") % {"user": user.display_name, "title": activity.title}),
    ])
    return registration


@transaction.atomic
def registration_cancel(*, activity_id: int, user: User) -> ActivityRegistration:
    """Cancel the user's registration for an activity and free the place."""
    activity = activity_lock(activity_id)
    registration = (
        ActivityRegistration.objects.select_for_update()
        .filter(activity=activity, user=user, status__in=ActivityRegistration.HOLDING).first()
    )
    if registration is None:
        raise NotFound(_("You are not registered for this activity."))
    from_state = registration.status
    registration.cancel(at=timezone.now())
    registration.save()
    ActivityEvent.objects.create(activity=activity, registration=registration, actor=user, type="cancelled",
                                 from_state=from_state, to_state=registration.status)
    messages_send([
        Notice(recipient_id=activity.merchant.user_id,
               content=_("%(user)s cancelled their registration for %(title)s.")
               % {"user": user.display_name, "title": activity.title},
               data={"kind": "activity_registration", "activity_id": activity.pk,
                     "registration_id": registration.pk, "status": registration.status}),
    ])
    return registration
