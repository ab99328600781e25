"""Travel reads: my plans, what another user may see, matches, invitations, companions."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import NotFound
from common.filters import AnyOfChoice, FilterSet, IdFilter, filtered
from travel.matching import Scorer, plan_facts
from travel.models import Companionship, Invitation, TravelPlan

MATCH_FIELDS = ("id", "user_id", "destination", "start_date", "end_date", "budget", "interests")


def companion_ids(*, user: User) -> set[int]:
    """Ids of the users `user` travels with (accepted invitations)."""
    pairs = Companionship.objects.filter(Q(user_low=user) | Q(user_high=user)).values_list("user_low_id", "user_high_id")
    return {low if high == user.pk else high for low, high in pairs}


def _visible_filter(*, user: User, companions: set[int]) -> Q:
    # Private plans are never shown to others; companions-only plans only to the owner's companions.
    return Q(visibility=TravelPlan.Visibility.PUBLIC) | Q(visibility=TravelPlan.Visibility.FRIENDS, user_id__in=companions)


class PlanFilter(FilterSet):
    """`GET travels/plans`: `visibility`; `public` lists every user's public plans (DESIGN §9)."""

    visibility = django_filters.ChoiceFilter(field_name="visibility", choices=TravelPlan.Visibility.choices)

    class Meta:
        model = TravelPlan
        fields = []


def plan_list_for_user(*, user: User, filters=None) -> QuerySet[TravelPlan]:
    """The caller's own plans; with `visibility=public`, every user's public plans (DESIGN §9, seed 004);
    narrowed by PlanFilter's `filters` (400 on bad input), newest first."""
    filters = filters or {}
    if filters.get("visibility") == TravelPlan.Visibility.PUBLIC:
        qs = TravelPlan.objects.all()
    else:
        qs = TravelPlan.objects.filter(user=user)
    return filtered(PlanFilter, filters, qs).order_by("-created_at", "-id")


class MatchFilter(FilterSet):
    """`GET travels/matches`: `plan_id`, one of the caller's plans (required)."""

    plan_id = IdFilter(field_name="pk", required=True, label="The caller's plan to match.")

    class Meta:
        model = TravelPlan
        fields = []


def plan_for_matching(*, user: User, filters) -> TravelPlan:
    """The caller's plan that MatchFilter's `filters` name (400 without a valid `plan_id`, 404 if not theirs)."""
    plan = filtered(MatchFilter, filters, TravelPlan.objects.filter(user=user)).select_related("user").first()
    if plan is None:
        raise NotFound(_("Travel plan not found."))
    return plan


def plan_visible_to(*, user: User, plan_id: int) -> TravelPlan | None:
    """The plan if `user` owns it or may see it, else None."""
    plan = TravelPlan.objects.filter(pk=plan_id).first()
    if plan is None or plan.user_id == user.pk:
        return plan
    if plan.visibility == TravelPlan.Visibility.PUBLIC:
        return plan
    if plan.visibility == TravelPlan.Visibility.FRIENDS and plan.user_id in companion_ids(user=user):
        return plan
    return None


def plan_match_candidates(*, plan: TravelPlan, companions: set[int]) -> QuerySet:
    """Other users' visible plans whose dates overlap `plan` (the SQL prefilter of matching)."""
    return (
        TravelPlan.objects.filter(_visible_filter(user=plan.user, companions=companions))
        .exclude(user_id=plan.user_id)
        .filter(start_date__lte=plan.end_date, end_date__gte=plan.start_date)
    )


class MatchList:
    """Scored candidates, best first; a row becomes a dict only when read (a page is 10 of 10,000).
    Supports len() and slicing, which is all the pagination needs."""

    def __init__(self, scored: list[tuple[float, tuple]]):
        self._scored = scored

    def __len__(self) -> int:
        return len(self._scored)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(pair) for pair in self._scored[index]]
        return self._row(self._scored[index])

    @staticmethod
    def _row(pair) -> dict:
        score, (pk, user_id, destination, start_date, end_date, budget, interests) = pair
        return {"id": pk, "user_id": user_id, "destination": destination, "start_date": start_date,
                "end_date": end_date, "budget": budget, "interests": interests, "match_score": score}


def plan_matches(*, plan: TravelPlan) -> MatchList:
    """Other users' plans scored against `plan` (travel.matching), best first, ties by id.

    Two queries whatever the number of candidates: the owner's companions and the candidate rows (as
    plain tuples, so 10,000 rows cost no model instances); the scoring runs in Python."""
    companions = companion_ids(user=plan.user)
    scorer = Scorer(plan_facts(destination=plan.destination, start_date=plan.start_date, end_date=plan.end_date,
                               budget=plan.budget, interests=plan.interests))
    rows = plan_match_candidates(plan=plan, companions=companions).values_list(*MATCH_FIELDS)
    scored = [
        (scorer.score(destination=row[2], start_date=row[3], end_date=row[4], budget=row[5], interests=row[6]), row)
        for row in rows
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1][0]))
    return MatchList(scored)


class InvitationFilter(FilterSet):
    """`GET travels/invitations`: `role` (sent / received; both by default), `state` (any of)."""

    role = django_filters.ChoiceFilter(choices=[("sent", "sent"), ("received", "received")], method="by_role")
    state = AnyOfChoice(field_name="state", choices=Invitation.State.choices)

    class Meta:
        model = Invitation
        fields = []

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def by_role(self, queryset, name, value):
        return queryset.filter(**{"inviter" if value == "sent" else "invitee": self.user})


def invitation_list_for_user(*, user: User, filters=None) -> QuerySet[Invitation]:
    """Invitations the user sent or received, narrowed by InvitationFilter's `filters`, newest first."""
    qs = Invitation.objects.filter(Q(inviter=user) | Q(invitee=user))
    qs = filtered(InvitationFilter, filters or {}, qs, user=user)
    return qs.select_related("inviter", "invitee").order_by("-created_at", "-id")


LIVE_INVITATION_STATES = (Invitation.State.PENDING, Invitation.State.ACCEPTED)


def live_invitation_between(*, plan_id: int, other_plan_id: int) -> Invitation | None:
    """The pending or accepted invitation between two plans, sent either way (issue 16: not twice)."""
    return Invitation.objects.filter(
        Q(plan_id=plan_id, matched_plan_id=other_plan_id) | Q(plan_id=other_plan_id, matched_plan_id=plan_id),
        state__in=LIVE_INVITATION_STATES,
    ).order_by("-id").first()


def invitation_states_for_plan(*, plan: TravelPlan) -> dict[int, str]:
    """{other plan id: the latest invitation's state} for invitations sent from or to `plan`."""
    states: dict[int, str] = {}
    rows = Invitation.objects.filter(Q(plan=plan) | Q(matched_plan=plan)).order_by("id").values_list(
        "plan_id", "matched_plan_id", "state")
    for sent_from, sent_to, state in rows:
        states[sent_to if sent_from == plan.pk else sent_from] = state
    return states


def companion_list(*, user: User) -> QuerySet[User]:
    return User.objects.filter(pk__in=companion_ids(user=user)).order_by("id")
