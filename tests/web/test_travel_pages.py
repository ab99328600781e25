"""Travel pages: create a plan, see matches, invite, accept — companions."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import UserFactory
from travel.models import Invitation, TravelPlan
from travel.services import travel_plan_create

pytestmark = pytest.mark.django_db


def plan_for(user, destination="Chengdu", **extra):
    fields = {"start_date": date(2027, 5, 1), "end_date": date(2027, 5, 7), "budget": Decimal("3000"),
              "interests": "hiking,food", **extra}
    return travel_plan_create(user=user, destination=destination, **fields)


def test_create_a_plan_then_see_matches(client, user):
    other = UserFactory(nickname="Ming")
    theirs = plan_for(other)
    plan_for(UserFactory(), visibility=TravelPlan.Visibility.PRIVATE)  # never matched
    client.force_login(user)
    response = client.post("/travel/", {"destination": "Chengdu", "start_date": "2027-05-02", "end_date": "2027-05-06",
                                        "budget": "2800", "interests": "food", "visibility": "public"})
    plan = TravelPlan.objects.get(user=user)
    assert response["Location"] == f"/travel/plans/{plan.pk}/"
    matches = client.get(f"/travel/plans/{plan.pk}/").context["matches"]
    assert [m["id"] for m in matches] == [theirs.pk] and matches[0]["user"] == other


def test_plan_form_errors_change_nothing(client, user):
    client.force_login(user)
    response = client.post("/travel/", {"destination": "Xi'an", "start_date": "2027-05-09", "end_date": "2027-05-01",
                                        "budget": "10", "visibility": "public"})
    assert response.status_code == 200 and "end_date" in response.context["form"].errors
    assert not TravelPlan.objects.exists()


def test_invite_and_accept_make_companions(client, user):
    other = UserFactory()
    mine, theirs = plan_for(user), plan_for(other)
    client.force_login(user)
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk, "message": "Let's go"})
    invitation = Invitation.objects.get()
    assert (invitation.inviter, invitation.invitee, invitation.message) == (user, other, "Let's go")
    # the inviter cannot answer their own invitation: a message, nothing changes
    client.post(f"/travel/invitations/{invitation.pk}/accept/")
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    client.force_login(other)
    assert [i.pk for i in client.get("/travel/").context["invitations"]] == [invitation.pk]
    client.post(f"/travel/invitations/{invitation.pk}/accept/")
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert list(client.get("/travel/").context["companions"]) == [user]


def test_someone_elses_plan_page_is_404(client, user):
    theirs = plan_for(UserFactory())
    client.force_login(user)
    assert client.get(f"/travel/plans/{theirs.pk}/").status_code == 404


def test_an_invitation_cannot_be_duplicated_and_the_button_shows_its_state(client, user):
    """Issue 16: after inviting (pending) or travelling together (accepted) there is no second invitation,
    either way round; after a decline one may invite again."""
    other = UserFactory()
    mine, theirs = plan_for(user), plan_for(other)
    client.force_login(user)
    assert client.get(f"/travel/plans/{mine.pk}/").context["matches"][0]["invitation"] is None
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk})
    assert "Invited · waiting for an answer" in client.get(f"/travel/plans/{mine.pk}/").content.decode()
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk})
    invitation = Invitation.objects.get()
    client.force_login(other)
    client.post(f"/travel/plans/{theirs.pk}/invite/", {"matched_plan": mine.pk})  # the other way: refused too
    assert Invitation.objects.count() == 1
    client.post(f"/travel/invitations/{invitation.pk}/accept/")
    assert "Travelling together" in client.get(f"/travel/plans/{theirs.pk}/").content.decode()
    client.force_login(user)
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk})
    assert Invitation.objects.count() == 1
    assert "Travelling together" in client.get(f"/travel/plans/{mine.pk}/").content.decode()


def test_after_a_decline_one_may_invite_again(client, user):
    other = UserFactory()
    mine, theirs = plan_for(user), plan_for(other)
    client.force_login(user)
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk})
    client.force_login(other)
    client.post(f"/travel/invitations/{Invitation.objects.get().pk}/decline/")
    client.force_login(user)
    assert "Invite again" in client.get(f"/travel/plans/{mine.pk}/").content.decode()
    client.post(f"/travel/plans/{mine.pk}/invite/", {"matched_plan": theirs.pk})
    assert Invitation.objects.filter(state="pending").count() == 1
