"""Activity event rows (STYLE rule 4): one named helper per event type, called by the activity services only.
(Animal and claim events have their own writer in `community.services.animals`.)"""

from community.models import Activity, ActivityEvent, ActivityRegistration


def activity_published_event(*, activity: Activity, actor) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=activity, actor=actor, type="published", to_state=activity.status)


def registration_registered_event(*, registration: ActivityRegistration, actor) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=registration.activity, registration=registration, actor=actor,
                                        type="registered", to_state=registration.status)


def registration_cancelled_event(*, registration: ActivityRegistration, actor, from_state: str) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=registration.activity, registration=registration, actor=actor,
                                        type="cancelled", from_state=from_state, to_state=registration.status)


def registration_followed_order_event(
    *, registration: ActivityRegistration, transition: str, from_state: str, reason: str, order_id, order_state: str,
) -> ActivityEvent:
    """The registration moved with its fee order (`confirm_payment` or `cancel`, by the order hook)."""
    return ActivityEvent.objects.create(
        activity=registration.activity, registration=registration, actor=None, type=transition,
        from_state=from_state, to_state=registration.status, reason=reason,
        data={"order_id": str(order_id), "order_state": order_state},
    )
