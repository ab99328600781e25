"""Activities (seed 004 `activities`): organizers publish, users register up to max_participants exactly."""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import require_perm
from chat.notices import notice_text
from chat.services import Notice, messages_send
from common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from community.events import (
    activity_cancelled_event,
    activity_published_event,
    registration_cancelled_event,
    registration_followed_order_event,
    registration_registered_event,
)
from community.models import Activity, ActivityRegistration
from merchants.models import Merchant, Product
from merchants.services.merchants import approved_merchant_for
from orders.models import Order
from orders.services import order_cancel, order_lock, product_order_place
from orders.services.product import FEE_PRODUCT_CATEGORY

COMMUNITY_MANAGE = "community:manage"


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
    product = None
    if fee > 0:
        # The fee is bought as a product, so it goes through the product-order path (payment, timeout, refund).
        product = Product.objects.create(
            merchant=merchant, name=(_("Registration: %(title)s") % {"title": title})[:100], price=fee,
            description=description, category=FEE_PRODUCT_CATEGORY,
        )
    activity = Activity.objects.create(
        merchant=merchant, title=title, description=description, activity_type=activity_type, start_time=start_time,
        end_time=end_time, location=location, fee=fee, max_participants=max_participants, product=product,
    )
    activity_published_event(activity=activity, actor=user)
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
    order = None
    status = ActivityRegistration.Status.REGISTERED
    if activity.fee > 0:
        if activity.product_id is None:
            raise Conflict(_("This activity cannot take paid registrations."))
        # The place is held while the fee's product order waits for payment; the order's payment, timeout
        # or cancellation moves the registration (registrations_follow_order).
        order = product_order_place(
            buyer=user, items=[{"product": activity.product_id, "quantity": 1}], allow_fee_products=True
        )
        status = ActivityRegistration.Status.PENDING_PAYMENT
    try:
        with transaction.atomic():
            registration = ActivityRegistration.objects.create(activity=activity, user=user, status=status, order=order)
    except IntegrityError:
        raise Conflict(_("You are already registered for this activity.")) from None
    registration_registered_event(registration=registration, actor=user)
    data = {"kind": "activity_registration", "activity_id": activity.pk, "registration_id": registration.pk,
            "status": registration.status, "order_id": str(order.pk) if order else None}
    messages_send([
        Notice(recipient_id=user.pk, data=data,
               content=notice_text(gettext_noop("You registered for %(title)s."), title=activity.title)),
        Notice(recipient_id=activity.merchant.user_id, data=data,
               content=notice_text(gettext_noop("%(user)s registered for %(title)s."), user=user.display_name, title=activity.title)),
    ])
    return registration


@transaction.atomic
def registration_cancel(*, activity_id: int, user: User) -> ActivityRegistration:
    """Cancel the user's registration for an activity and free the place; an unpaid fee order is
    cancelled with it (a paid one stays paid: the organizer refunds it)."""
    holding = ActivityRegistration.objects.filter(activity_id=activity_id, user=user,
                                                  status__in=ActivityRegistration.HOLDING)
    order_id = holding.values_list("order_id", flat=True).first()
    # Lock order: the fee order, then the activity, then the registration — the payment path locks the order
    # and then the registration, so both take the rows in the same order.
    order = order_lock(order_id) if order_id else None
    activity = activity_lock(activity_id)
    registration = holding.select_for_update().first()
    if registration is None:
        raise NotFound(_("You are not registered for this activity."))
    from_state = registration.status
    registration.cancel(at=timezone.now())
    registration.save()
    registration_cancelled_event(registration=registration, actor=user, from_state=from_state)
    if order is not None and order.state == Order.State.PENDING_PAYMENT:
        order_cancel(order_id=order.pk, actor=user, reason="registration_cancelled")
    content = notice_text(gettext_noop("%(user)s cancelled their registration for %(title)s."), user=user.display_name, title=activity.title)
    if order is not None and order.state == Order.State.PAID:
        content += " " + _("Order %(no)s was paid: please refund it.") % {"no": order.order_no}
    messages_send([
        Notice(recipient_id=activity.merchant.user_id, content=content,
               order_id=order.pk if order else None,
               data={"kind": "activity_registration", "activity_id": activity.pk,
                     "registration_id": registration.pk, "status": registration.status}),
    ])
    return registration


@transaction.atomic
def registration_cancel_by_staff(*, registration_id: int, actor: User, reason: str = "") -> ActivityRegistration:
    """Staff with community:manage cancel one registration (any user's): the place is freed, an unpaid fee
    order is cancelled with it, the participant and the organizer are told."""
    require_perm(actor, COMMUNITY_MANAGE)
    row = ActivityRegistration.objects.filter(pk=registration_id).values("activity_id", "order_id").first()
    if row is None:
        raise NotFound(_("Registration not found."))
    # Lock order as in registration_cancel: the fee order, then the activity, then the registration.
    order = order_lock(row["order_id"]) if row["order_id"] else None
    activity = activity_lock(row["activity_id"])
    registration = ActivityRegistration.objects.select_for_update().get(pk=registration_id)
    if not can_proceed(registration.cancel):
        raise transition_not_allowed(registration, "cancel", field="status")
    from_state = registration.status
    registration.cancel(at=timezone.now())
    registration.save()
    registration_cancelled_event(registration=registration, actor=actor, from_state=from_state,
                                 reason=reason or "cancelled_by_staff")
    if order is not None and order.state == Order.State.PENDING_PAYMENT:
        order_cancel(order_id=order.pk, actor=None, reason="registration_cancelled")
    content = notice_text(gettext_noop("Your registration for %(title)s was cancelled by staff."), title=activity.title)
    data = {"kind": "activity_registration", "activity_id": activity.pk, "registration_id": registration.pk,
            "status": registration.status, "reason": reason}
    messages_send([Notice(recipient_id=user_id, content=content, order_id=registration.order_id, data=data)
                   for user_id in (registration.user_id, activity.merchant.user_id)])
    return registration


@transaction.atomic
def activity_cancel(*, activity_id: int, actor: User, staff: bool = False) -> Activity:
    """The organizer (or, with `staff`, staff holding community:manage) calls an activity off: every place
    is freed, unpaid fee orders are cancelled with their registrations and each participant is told (a paid
    fee stays paid: the organizer refunds it)."""
    if staff:
        require_perm(actor, COMMUNITY_MANAGE)
    holding = ActivityRegistration.objects.filter(activity_id=activity_id, status__in=ActivityRegistration.HOLDING)
    # Lock order as in registration_cancel: the fee orders (by pk), then the activity, then its registrations.
    orders = [order_lock(pk) for pk in sorted(holding.exclude(order_id=None).values_list("order_id", flat=True))]
    activity = activity_lock(activity_id)
    if not staff and activity.merchant.user_id != actor.pk:
        raise PermissionDenied(_("Only the organizer can cancel this activity."))
    if not can_proceed(activity.cancel):
        raise transition_not_allowed(activity, "cancel", field="status")
    from_state = activity.status
    activity.cancel()
    activity.save()
    activity_cancelled_event(activity=activity, actor=actor, from_state=from_state)
    now = timezone.now()
    notices = []
    for registration in holding.select_for_update().order_by("pk"):
        registration_from = registration.status
        registration.cancel(at=now)
        registration.save()
        registration_cancelled_event(registration=registration, actor=actor, from_state=registration_from)
        notices.append(Notice(
            recipient_id=registration.user_id, order_id=registration.order_id,
            content=_("%(title)s was cancelled by its organizer.") % {"title": activity.title},
            data={"kind": "activity_registration", "activity_id": activity.pk, "registration_id": registration.pk,
                  "status": registration.status},
        ))
    for order in orders:
        if order.state == Order.State.PENDING_PAYMENT:
            order_cancel(order_id=order.pk, actor=actor, reason="activity_cancelled")
    messages_send(notices)
    return activity


# What a fee order's state means for the registration it pays for.
_FOLLOW = {
    Order.State.PAID: ("confirm_payment", "paid"),
    Order.State.COMPLETED: ("confirm_payment", "paid"),
    Order.State.CANCELLED: ("cancel", "order_cancelled"),
    Order.State.REFUNDED: ("cancel", "order_refunded"),
}


def registrations_follow_order(*, order: Order, from_state: str = "") -> None:
    """Move the registrations that `order` pays for along with it: paid → registered, cancelled (by the
    buyer or the payment timeout) or refunded → cancelled, which frees the place. Runs inside the order's
    transaction, after its row lock: the order services call it through `orders.hooks` (registered in
    CommunityConfig.ready)."""
    follow = _FOLLOW.get(order.state)
    if follow is None or order.kind != Order.Kind.PRODUCT:
        return
    action, reason = follow
    now = timezone.now()
    registrations = ActivityRegistration.objects.select_for_update().select_related("activity").filter(
        order_id=order.pk, status__in=ActivityRegistration.HOLDING)
    notices = []
    for registration in registrations:
        if action == "confirm_payment" and registration.status != ActivityRegistration.Status.PENDING_PAYMENT:
            continue
        from_state = registration.status
        if action == "cancel":
            registration.cancel(at=now)
        else:
            registration.confirm_payment()
        registration.save()
        registration_followed_order_event(registration=registration, transition=action, from_state=from_state,
                                          reason=reason, order_id=order.pk, order_state=order.state)
        notices.append(Notice(
            recipient_id=registration.user_id, order_id=order.pk,
            content=notice_text(gettext_noop("You are registered for %(title)s.") if action == "confirm_payment"
                                else gettext_noop("Your registration for %(title)s was cancelled."),
                                title=registration.activity.title),
            data={"kind": "activity_registration", "activity_id": registration.activity_id,
                  "registration_id": registration.pk, "status": registration.status},
        ))
    messages_send(notices)
