"""Invitation event rows (STYLE rule 4): one named helper per event type, called by the travel services only."""

from travel.models import Invitation, InvitationEvent


def invitation_sent_event(*, invitation: Invitation, actor) -> InvitationEvent:
    return InvitationEvent.objects.create(invitation=invitation, actor=actor, type="sent", to_state=invitation.state)


def invitation_accepted_event(*, invitation: Invitation, actor, from_state: str) -> InvitationEvent:
    return InvitationEvent.objects.create(invitation=invitation, actor=actor, type="accept", from_state=from_state,
                                          to_state=invitation.state)


def invitation_declined_event(*, invitation: Invitation, actor, from_state: str) -> InvitationEvent:
    return InvitationEvent.objects.create(invitation=invitation, actor=actor, type="decline", from_state=from_state,
                                          to_state=invitation.state)


def invitation_withdrawn_by_staff_event(*, invitation: Invitation, actor, from_state: str,
                                        reason: str) -> InvitationEvent:
    return InvitationEvent.objects.create(invitation=invitation, actor=actor, type="staff_decline",
                                          from_state=from_state, to_state=invitation.state, reason=reason[:50],
                                          data={"note": reason})


# The event each invitation transition writes (read by the travel services' one answer path).
ANSWER_EVENTS = {"accept": invitation_accepted_event, "decline": invitation_declined_event}
