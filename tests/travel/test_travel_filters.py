"""Issue 13 item 8: the travel lists filter through FilterSets in the selectors: plans by visibility, matches
of one of my plans (`plan_id`, required), invitations by role and state; a bad value is a 400 envelope and
filtering adds no query."""

import pytest

from tests.factories import UserFactory
from tests.factories.community import TravelPlanFactory
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids
from travel.models import Invitation

pytestmark = pytest.mark.django_db


def test_plan_filters(user, user_api):
    public = TravelPlanFactory(user=user, visibility="public")
    private = TravelPlanFactory(user=user, visibility="private")
    theirs = TravelPlanFactory(visibility="public")
    TravelPlanFactory(visibility="friends")
    url = "/api/v1/travels/plans"
    assert ids(user_api, url) == sorted([public.pk, private.pk])
    assert ids(user_api, f"{url}?visibility=private") == [private.pk]
    assert ids(user_api, f"{url}?visibility=friends") == []
    assert ids(user_api, f"{url}?visibility=public") == sorted([public.pk, theirs.pk])  # DESIGN §9
    assert_bad_filter(user_api, f"{url}?visibility=everyone", "visibility")
    assert_filters_add_no_query(user_api, url, "visibility=private")


def test_matches_name_one_of_my_plans(user, user_api):
    mine = TravelPlanFactory(user=user)
    match = TravelPlanFactory()
    url = "/api/v1/travels/matches"
    assert ids(user_api, f"{url}?plan_id={mine.pk}") == [match.pk]
    assert user_api.get(f"{url}?plan_id={match.pk}").status_code == 404  # not mine
    assert_bad_filter(user_api, url, "plan_id")  # required
    assert_bad_filter(user_api, f"{url}?plan_id=", "plan_id")
    assert_bad_filter(user_api, f"{url}?plan_id=first", "plan_id")
    assert_bad_filter(user_api, f"{url}?plan_id={2**63}", "plan_id")


def _invite(inviter, invitee, state=Invitation.State.PENDING):
    return Invitation.objects.create(inviter=inviter, invitee=invitee, plan=TravelPlanFactory(user=inviter),
                                     matched_plan=TravelPlanFactory(user=invitee), state=state)


def test_invitation_filters(user, user_api):
    sent = _invite(user, UserFactory())
    received = _invite(UserFactory(), user, Invitation.State.ACCEPTED)
    _invite(UserFactory(), UserFactory())  # not mine
    url = "/api/v1/travels/invitations"
    assert ids(user_api, url) == sorted([sent.pk, received.pk])
    assert ids(user_api, f"{url}?role=sent") == [sent.pk]
    assert ids(user_api, f"{url}?role=received") == [received.pk]
    assert ids(user_api, f"{url}?state=accepted") == [received.pk]
    assert ids(user_api, f"{url}?state=pending,accepted") == sorted([sent.pk, received.pk])
    assert ids(user_api, f"{url}?role=sent&state=accepted") == []
    assert_bad_filter(user_api, f"{url}?role=both", "role")
    assert_bad_filter(user_api, f"{url}?state=lost", "state")
    assert_filters_add_no_query(user_api, url, "role=received&state=accepted")
