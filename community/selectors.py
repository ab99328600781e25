"""Community reads: animals, claims, the update feed, activities, products, merchant orders, reviews."""

import django_filters
from django.db.models import Count, Q, QuerySet

from accounts.models import User
from accounts.permissions import has_staff_perm
from common.filters import AnyOf, AnyOfChoice, FilterSet, IdFilter, filtered
from community.models import Activity, ActivityRegistration, Animal, AnimalClaim, AnimalUpdate
from merchants.models import Merchant


class AnimalFilter(FilterSet):
    """`GET animals`: `species` and `status` (any of), `merchant_id` (the farm)."""

    species = AnyOf(field_name="species")
    status = AnyOfChoice(field_name="status", choices=Animal.Status.choices)
    merchant_id = IdFilter(field_name="merchant_id")

    class Meta:
        model = Animal
        fields = []


def animal_list(*, filters=None) -> QuerySet[Animal]:
    """Animals to browse, of farms that may sell now, narrowed by AnimalFilter's `filters` (400 on bad input);
    without a status filter, every animal that is not withdrawn (`unavailable`)."""
    filters = filters or {}
    qs = Animal.objects.filter(merchant__status=Merchant.Status.APPROVED)
    if not filters.get("status"):
        qs = qs.exclude(status=Animal.Status.UNAVAILABLE)
    return filtered(AnimalFilter, filters, qs).order_by("-created_at", "-id")


def animal_list_for_farm(*, user: User) -> QuerySet[Animal]:
    """Every animal of the user's own farm, withdrawn ones included (its "My animals" page)."""
    return Animal.objects.filter(merchant__user=user).order_by("-created_at", "-id")


def animal_get(*, animal_id: int) -> Animal | None:
    return Animal.objects.filter(pk=animal_id).first()


CLAIM_ROLES = ("claimant", "merchant")


class ClaimFilter(FilterSet):
    """`GET animals/claims`: `status` (any of); `role` claimant (my claims, the default) or merchant (the
    claims on my farm's animals), which claim_list applies because it picks the rows the caller may see."""

    status = AnyOfChoice(field_name="status", choices=AnimalClaim.Status.choices)
    role = django_filters.ChoiceFilter(choices=[(r, r) for r in CLAIM_ROLES], method="by_role")

    class Meta:
        model = AnimalClaim
        fields = []

    def by_role(self, queryset, name, value):
        return queryset  # applied by claim_list


def claim_list(*, user: User, filters=None) -> QuerySet[AnimalClaim]:
    """The user's own claims, or (`role=merchant`) the claims on the user's farm animals, narrowed by
    ClaimFilter's `filters` (400 on bad input), newest first."""
    filters = filters or {}
    if filters.get("role") == "merchant":
        qs = AnimalClaim.objects.filter(animal__merchant__user=user)
    else:
        qs = AnimalClaim.objects.filter(user=user)
    return filtered(ClaimFilter, filters, qs).select_related("animal").order_by("-claimed_at", "-id")


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


class ActivityFilter(FilterSet):
    """`GET activities`: `activity_type` (any of), `merchant_id` (the organizer)."""

    activity_type = AnyOf(field_name="activity_type")
    merchant_id = IdFilter(field_name="merchant_id")

    class Meta:
        model = Activity
        fields = []


def activity_list(*, filters=None, status: str | None = Activity.Status.PUBLISHED) -> QuerySet[Activity]:
    """Activities of organizers that may sell now (published ones unless `status` says otherwise), narrowed
    by ActivityFilter's `filters` (400 on bad input), soonest first."""
    qs = Activity.objects.filter(merchant__status=Merchant.Status.APPROVED)
    if status:
        qs = qs.filter(status=status)
    return _with_places_taken(filtered(ActivityFilter, filters or {}, qs)).order_by("start_time", "id")


def activity_get(*, activity_id: int) -> Activity | None:
    return _with_places_taken(Activity.objects.filter(pk=activity_id)).first()


class RegistrationFilter(FilterSet):
    """The registration lists (mine, an activity's): `status` (any of)."""

    status = AnyOfChoice(field_name="status", choices=ActivityRegistration.Status.choices)

    class Meta:
        model = ActivityRegistration
        fields = []


def registration_list_for_user(*, user: User, filters=None) -> QuerySet[ActivityRegistration]:
    qs = ActivityRegistration.objects.filter(user=user)
    return filtered(RegistrationFilter, filters or {}, qs).order_by("-registered_at", "-id")


def registration_list_for_activity(*, activity: Activity, filters=None) -> QuerySet[ActivityRegistration]:
    qs = ActivityRegistration.objects.filter(activity=activity)
    return filtered(RegistrationFilter, filters or {}, qs).order_by("registered_at", "id")


def agreement_signature(*, claim_id: int) -> str:
    """The signature that lets a claim's agreement link be opened without a login (like a document URL
    from a storage service); it only reveals that one agreement."""
    from django.core.signing import Signer

    return Signer(salt="animal-claim-agreement").signature(str(claim_id))
