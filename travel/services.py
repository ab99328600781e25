"""Travel writes: plans, invitations and the companionships accepted invitations create."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.permissions import require_perm
from chat.notices import notice_text
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from travel.events import ANSWER_EVENTS, invitation_sent_event, invitation_withdrawn_by_staff_event
from travel.models import Companionship, Invitation, TravelPlan
from travel.selectors import live_invitation_between, plan_visible_to


@transaction.atomic
def travel_plan_create(
    *,
    user: User,
    destination: Annotated[str, "where to"],
    start_date: date,
    end_date: date,
    budget: Decimal,
    interests: Annotated[str, "comma-separated, as the seed writes them"] = "",
    visibility: str = TravelPlan.Visibility.PUBLIC,
) -> TravelPlan:
    """Create a travel plan for `user`."""
    if end_date < start_date:
        raise ValidationFailed(_("The end date must not be before the start date."),
                               data={"end_date": [_("Must not be before the start date.")]})
    if budget < 0:
        raise ValidationFailed(_("The budget must not be negative."), data={"budget": [_("Must not be negative.")]})
    # Keep the seed's comma-separated text, tidied: "徒步, 摄影，" → "徒步,摄影".
    cleaned = ",".join(part.strip() for part in interests.replace("，", ",").split(",") if part.strip())
    return TravelPlan.objects.create(
        user=user, destination=destination.strip(), start_date=start_date, end_date=end_date, budget=budget,
        interests=cleaned, visibility=visibility,
    )


def _invitation_lock(invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.select_for_update().get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise NotFound(_("Invitation not found.")) from None


@transaction.atomic
def invitation_send(*, inviter: User, plan_id: int, matched_plan_id: int, message: str = "") -> Invitation:
    """Invite the owner of a matched plan to travel together with one of the inviter's plans."""
    plan = TravelPlan.objects.filter(pk=plan_id, user=inviter).first()
    if plan is None:
        raise NotFound(_("Travel plan not found."), data={"plan_id": [_("Not one of your plans.")]})
    matched = plan_visible_to(user=inviter, plan_id=matched_plan_id)
    if matched is None:
        raise NotFound(_("Travel plan not found."), data={"matched_plan_id": [_("No such visible plan.")]})
    if matched.user_id == inviter.pk:
        raise ValidationFailed(_("You cannot invite yourself."), data={"matched_plan_id": [_("This is your own plan.")]})
    with transaction.atomic():
        # Both plans locked in id order: one invitation (pending or accepted) per pair of plans, either way.
        list(TravelPlan.objects.select_for_update().filter(pk__in=[plan.pk, matched.pk]).order_by("pk"))
        if live_invitation_between(plan_id=plan.pk, other_plan_id=matched.pk) is not None:
            raise Conflict(_("An invitation for these plans is already pending or accepted."))
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    inviter=inviter, invitee_id=matched.user_id, plan=plan, matched_plan=matched, message=message
                )
        except IntegrityError:
            raise Conflict(_("An invitation for these plans is already pending.")) from None
        invitation_sent_event(invitation=invitation, actor=inviter)
    system_notice_send(
        recipient_id=matched.user_id, sender_id=None,
        content=notice_text(gettext_noop("%(name)s invites you to travel together to %(destination)s."), name=inviter.display_name, destination=matched.destination),
        data={"kind": "travel_invitation", "invitation_id": invitation.pk, "plan_id": plan.pk,
              "matched_plan_id": matched.pk, "state": invitation.state},
    )
    return invitation


def _respond(*, invitation_id: int, user: User, action: str) -> Invitation:
    invitation = _invitation_lock(invitation_id)
    if user.pk not in (invitation.inviter_id, invitation.invitee_id):
        raise NotFound(_("Invitation not found."))
    if invitation.invitee_id != user.pk:
        raise PermissionDenied(_("Only the invited user can answer an invitation."))
    if invitation.state != Invitation.State.PENDING:
        raise transition_not_allowed(invitation, action)
    from_state = invitation.state
    now = timezone.now()
    getattr(invitation, action)(at=now)
    invitation.save()
    ANSWER_EVENTS[action](invitation=invitation, actor=user, from_state=from_state)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation_id: int, user: User) -> Invitation:
    """Accept a pending invitation; the two users become companions."""
    invitation = _respond(invitation_id=invitation_id, user=user, action="accept")
    low, high = sorted((invitation.inviter_id, invitation.invitee_id))
    Companionship.objects.get_or_create(user_low_id=low, user_high_id=high, defaults={"invitation": invitation})
    system_notice_send(
        recipient_id=invitation.inviter_id,
        content=notice_text(gettext_noop("%(name)s accepted your travel invitation."), name=user.display_name),
        data={"kind": "travel_invitation", "invitation_id": invitation.pk, "state": invitation.state},
    )
    return invitation


@transaction.atomic
def invitation_decline(*, invitation_id: int, user: User) -> Invitation:
    """Decline a pending invitation."""
    invitation = _respond(invitation_id=invitation_id, user=user, action="decline")
    system_notice_send(
        recipient_id=invitation.inviter_id,
        content=notice_text(gettext_noop("%(name)s declined your travel invitation."), name=user.display_name),
        data={"kind": "travel_invitation", "invitation_id": invitation.pk, "state": invitation.state},
    )
    return invitation


@transaction.atomic
def invitation_decline_by_staff(*, invitation_id: int, actor: User, reason: str) -> Invitation:
    """Staff with community:manage close a pending invitation (spam, abuse) as declined; both users are told."""
    require_perm(actor, "community:manage")
    invitation = _invitation_lock(invitation_id)
    if invitation.state != Invitation.State.PENDING:
        raise transition_not_allowed(invitation, "decline")
    from_state = invitation.state
    invitation.decline(at=timezone.now())
    invitation.save()
    invitation_withdrawn_by_staff_event(invitation=invitation, actor=actor, from_state=from_state, reason=reason)
    for recipient_id in (invitation.inviter_id, invitation.invitee_id):
        system_notice_send(
            recipient_id=recipient_id,
            content=notice_text(gettext_noop("A travel invitation was closed by staff: %(reason)s"), reason=reason),
            data={"kind": "travel_invitation", "invitation_id": invitation.pk, "state": invitation.state},
        )
    return invitation
