"""Community event rows (STYLE rule 4): one named helper per event type, called by the services only —
`AnimalEvent` for animals and their claims, `ActivityEvent` for activities and their registrations."""

from community.models import Activity, ActivityEvent, ActivityRegistration, Animal, AnimalClaim, AnimalEvent


# --- animals and claims ---------------------------------------------------------------------------------
def animal_created_event(*, animal: Animal, actor) -> AnimalEvent:
    return AnimalEvent.objects.create(animal=animal, actor=actor, type="created", to_state=animal.status)


def animal_claimed_event(*, animal: Animal, claim: AnimalClaim, actor, price_paid) -> AnimalEvent:
    return AnimalEvent.objects.create(animal=animal, claim=claim, actor=actor, type="claimed",
                                      from_state=Animal.Status.AVAILABLE, to_state=animal.status,
                                      data={"price_paid": str(price_paid)})


def claim_finished_event(*, animal: Animal, claim: AnimalClaim, actor, animal_from: str, reason: str) -> AnimalEvent:
    """A claim ended (its period is over) or was cancelled; the type is the state it reached."""
    return AnimalEvent.objects.create(animal=animal, claim=claim, actor=actor, type=claim.status,
                                      from_state=AnimalClaim.Status.ACTIVE, to_state=claim.status, reason=reason,
                                      data={"animal": [animal_from, animal.status]})


def animal_availability_event(*, animal: Animal, actor, transition: str, from_state: str) -> AnimalEvent:
    """The merchant marked the animal unavailable (`withdraw`) or available again (`restore`)."""
    return AnimalEvent.objects.create(animal=animal, actor=actor, type=transition, from_state=from_state,
                                      to_state=animal.status)


# --- activities and registrations -----------------------------------------------------------------------


def activity_published_event(*, activity: Activity, actor) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=activity, actor=actor, type="published", to_state=activity.status)


def activity_cancelled_event(*, activity: Activity, actor, from_state: str) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=activity, actor=actor, type="activity_cancelled",
                                        from_state=from_state, to_state=activity.status)


def registration_registered_event(*, registration: ActivityRegistration, actor) -> ActivityEvent:
    return ActivityEvent.objects.create(activity=registration.activity, registration=registration, actor=actor,
                                        type="registered", to_state=registration.status)


def registration_cancelled_event(*, registration: ActivityRegistration, actor, from_state: str,
                                 reason: str = "") -> ActivityEvent:
    return ActivityEvent.objects.create(activity=registration.activity, registration=registration, actor=actor,
                                        type="cancelled", from_state=from_state, to_state=registration.status,
                                        reason=reason[:50], data={"note": reason} if reason else {})


def registration_followed_order_event(
    *, registration: ActivityRegistration, transition: str, from_state: str, reason: str, order_id, order_state: str,
) -> ActivityEvent:
    """The registration moved with its fee order (`confirm_payment` or `cancel`, by the order hook)."""
    return ActivityEvent.objects.create(
        activity=registration.activity, registration=registration, actor=None, type=transition,
        from_state=from_state, to_state=registration.status, reason=reason,
        data={"order_id": str(order_id), "order_state": order_state},
    )
