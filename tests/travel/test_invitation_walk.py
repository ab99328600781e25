"""Every invitation transition through its service (issue 13): one typed InvitationEvent per step and the
other user's notice."""

import pytest

from tests.factories import UserFactory
from tests.factories.community import TravelPlanFactory
from tests.walk import walk_step
from travel import services
from travel.models import Invitation, InvitationEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("answer", "type", "state"), [
    (services.invitation_accept, "accept", Invitation.State.ACCEPTED),
    (services.invitation_decline, "decline", Invitation.State.DECLINED),
])
def test_invitation_walk(django_capture_on_commit_callbacks, answer, type, state):
    inviter, invitee = UserFactory(), UserFactory()
    plan, matched = TravelPlanFactory(user=inviter), TravelPlanFactory(user=invitee)
    invitation = walk_step(
        django_capture_on_commit_callbacks, events=InvitationEvent.objects.all(), type="sent", told=invitee.pk,
        run=lambda: services.invitation_send(inviter=inviter, plan_id=plan.pk, matched_plan_id=matched.pk),
    )
    walk_step(django_capture_on_commit_callbacks, events=InvitationEvent.objects.filter(invitation=invitation),
              type=type, told=inviter.pk, run=lambda: answer(invitation_id=invitation.pk, user=invitee))
    invitation.refresh_from_db()
    assert invitation.state == state
