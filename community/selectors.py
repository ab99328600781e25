"""Community reads: animals, claims, the update feed, activities, products, merchant orders, reviews."""

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.permissions import has_staff_perm
from community.models import Activity, ActivityRegistration, Animal, AnimalClaim, AnimalUpdate
from merchants.models import Merchant


def animal_list(*, species: str | None = None, status: str | None = None, merchant_id: int | None = None) -> QuerySet[Animal]:
    """Animals to browse, of farms that may sell now; without a status filter, every animal that is not
    withdrawn (`unavailable`)."""
    qs = Animal.objects.filter(merchant__status=Merchant.Status.APPROVED)
    qs = qs.filter(status=status) if status else qs.exclude(status=Animal.Status.UNAVAILABLE)
    if species:
        qs = qs.filter(species=species)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    return qs.order_by("-created_at", "-id")


def animal_get(*, animal_id: int) -> Animal | None:
    return Animal.objects.filter(pk=animal_id).first()


def claim_list(*, user: User, status: str | None = None, as_merchant: bool = False) -> QuerySet[AnimalClaim]:
    """The user's own claims, or (as_merchant) the claims on the user's farm animals."""
    qs = AnimalClaim.objects.filter(animal__merchant__user=user) if as_merchant else AnimalClaim.objects.filter(user=user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("animal").order_by("-claimed_at", "-id")


def claim_for_reader(*, claim_id: int, user: User | None) -> AnimalClaim | None:
    """A claim with everything its agreement shows, if `user` is its claimant, its farm or staff."""
    claim = (
        AnimalClaim.objects.select_related("user", "animal", "animal__merchant", "animal__merchant__user")
        .filter(pk=claim_id).first()
    )
    if claim is None or user is None or not user.is_authenticated:
        return None
    if user.pk in (claim.user_id, claim.animal.merchant.user_id) or has_staff_perm(user, "community:manage"):
        return claim
    return None


def animal_update_feed(*, animal_id: int) -> QuerySet[AnimalUpdate]:
    return AnimalUpdate.objects.filter(animal_id=animal_id).order_by("-created_at", "-id")


def claimed_animals_feed(*, user: User) -> QuerySet[AnimalUpdate]:
    """Updates of the animals the user claims now."""
    return (
        AnimalUpdate.objects.filter(animal__claims__user=user, animal__claims__status=AnimalClaim.Status.ACTIVE)
        .select_related("animal").order_by("-created_at", "-id")
    )


def _with_places_taken(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status__in=ActivityRegistration.HOLDING))
    )


def activity_list(*, activity_type: str | None = None, merchant_id: int | None = None,
                  status: str | None = Activity.Status.PUBLISHED) -> QuerySet[Activity]:
    """Activities of organizers that may sell now, soonest first."""
    qs = Activity.objects.filter(merchant__status=Merchant.Status.APPROVED)
    if status:
        qs = qs.filter(status=status)
    if activity_type:
        qs = qs.filter(activity_type=activity_type)
    if merchant_id:
        qs = qs.filter(merchant_id=merchant_id)
    return _with_places_taken(qs).order_by("start_time", "id")


def activity_get(*, activity_id: int) -> Activity | None:
    return _with_places_taken(Activity.objects.filter(pk=activity_id)).first()


def registration_list_for_user(*, user: User, status: str | None = None) -> QuerySet[ActivityRegistration]:
    qs = ActivityRegistration.objects.filter(user=user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-registered_at", "-id")


def registration_list_for_activity(*, activity: Activity, status: str | None = None) -> QuerySet[ActivityRegistration]:
    qs = ActivityRegistration.objects.filter(activity=activity)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("registered_at", "id")







def agreement_signature(*, claim_id: int) -> str:
    """The signature that lets a claim's agreement link be opened without a login (like a document URL
    from a storage service); it only reveals that one agreement."""
    from django.core.signing import Signer

    return Signer(salt="animal-claim-agreement").signature(str(claim_id))
