"""Travel plans, matches, invitations and companions over the API (seed 004 §2.2)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from tests.factories import UserFactory
from tests.factories.community import TravelPlanFactory
from travel.models import Companionship, Invitation, InvitationEvent, TravelPlan

pytestmark = pytest.mark.django_db

PLAN = {"destination": "目的地", "start_date": "2023-10-01", "end_date": "2023-10-07", "budget": 5000.00,
        "interests": "徒步,摄影", "visibility": "public"}


def test_create_plan_answers_201_with_the_seed_shape(user, user_api):
    response = user_api.post("/api/v1/travels/plans", PLAN, format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) >= {"id", "user_id", "destination", "start_date", "end_date", "budget", "interests",
                         "visibility", "created_at"}
    assert data["user_id"] == user.pk and data["budget"] == "5000.00" and data["interests"] == "徒步,摄影"
    assert TravelPlan.objects.get(pk=data["id"]).budget == Decimal("5000.00")


@pytest.mark.parametrize(
    "change, field",
    [({"end_date": "2023-09-30"}, "end_date"), ({"budget": -1}, "budget"), ({"visibility": "everyone"}, "visibility"),
     ({"destination": ""}, "destination"), ({"start_date": "soon"}, "start_date")],
)
def test_create_plan_rejects_bad_input_and_changes_nothing(user_api, change, field):
    response = user_api.post("/api/v1/travels/plans", {**PLAN, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["data"]
    assert not TravelPlan.objects.exists()


def test_plans_require_authentication(api):
    assert api.get("/api/v1/travels/plans").status_code == 401


def test_list_plans_shows_only_mine_with_visibility_filter(user, other_user, user_api):
    TravelPlanFactory(user=user, visibility="public")
    private = TravelPlanFactory(user=user, visibility="private")
    TravelPlanFactory(user=other_user)
    body = user_api.get("/api/v1/travels/plans?page=1&size=10").json()["data"]
    assert body["pagination"] == {"page": 1, "size": 10, "total": 2}
    body = user_api.get("/api/v1/travels/plans?visibility=private").json()["data"]
    assert [row["id"] for row in body["list"]] == [private.pk]
    assert user_api.get("/api/v1/travels/plans?visibility=nope").status_code == 400


def test_seed_004_public_plans_list_everyones_public_plans(user, other_user, user_api):
    """Issue 18.4: `GET travels/plans?visibility=public` lists every user's public plans, newest first."""
    mine = TravelPlanFactory(user=user, visibility="public")
    TravelPlanFactory(user=user, visibility="private")
    theirs = TravelPlanFactory(user=other_user, visibility="public")
    TravelPlanFactory(user=other_user, visibility="private")
    TravelPlanFactory(user=other_user, visibility="friends")
    response = user_api.get("/api/v1/travels/plans", {"visibility": "public"})
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["message"]) == (0, "success")
    assert [row["id"] for row in body["data"]["list"]] == [theirs.pk, mine.pk]
    assert {row["user_id"] for row in body["data"]["list"]} == {user.pk, other_user.pk}
    assert body["data"]["pagination"]["total"] == 2


def test_matches_are_scored_best_first_never_mine_never_private(user, user_api):
    mine = TravelPlanFactory(user=user)
    TravelPlanFactory(user=user)  # my own other plan: never a match
    stranger = UserFactory()
    best = TravelPlanFactory(user=stranger)  # identical → 1.0
    partial = TravelPlanFactory(user=UserFactory(), destination="北京", interests="美食")
    TravelPlanFactory(user=UserFactory(), visibility="private")
    TravelPlanFactory(user=UserFactory(), visibility="friends")
    TravelPlanFactory(user=UserFactory(), start_date=date(2031, 1, 1), end_date=date(2031, 1, 3))  # no overlap

    response = user_api.get(f"/api/v1/travels/matches?plan_id={mine.pk}&page=1&size=10")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [row["id"] for row in data["list"]] == [best.pk, partial.pk]
    assert data["list"][0]["match_score"] == 1.0
    assert data["list"][0]["user_id"] == stranger.pk
    assert 0 < data["list"][1]["match_score"] < 1
    assert data["pagination"] == {"page": 1, "size": 10, "total": 2}
    assert set(data["list"][0]) >= {"id", "user_id", "destination", "start_date", "end_date", "budget", "interests",
                                    "match_score"}


def test_companions_only_plans_match_only_for_companions(user, user_api):
    mine = TravelPlanFactory(user=user)
    friend = UserFactory()
    friends_plan = TravelPlanFactory(user=friend, visibility="friends")
    url = f"/api/v1/travels/matches?plan_id={mine.pk}"
    assert user_api.get(url).json()["data"]["list"] == []
    low, high = sorted((user.pk, friend.pk))
    Companionship.objects.create(user_low_id=low, user_high_id=high)
    assert [row["id"] for row in user_api.get(url).json()["data"]["list"]] == [friends_plan.pk]


def test_matches_for_someone_elses_plan_is_404_and_missing_plan_id_is_400(user_api, other_user):
    theirs = TravelPlanFactory(user=other_user)
    assert user_api.get(f"/api/v1/travels/matches?plan_id={theirs.pk}").status_code == 404
    assert user_api.get("/api/v1/travels/matches").status_code == 400


def test_matches_over_1000_plans_use_a_bounded_number_of_queries(user, user_api):
    mine = TravelPlanFactory(user=user)
    owners = UserFactory.create_batch(20)
    TravelPlan.objects.bulk_create(
        TravelPlan(user=owners[i % 20], destination="云南" if i % 3 else "北京", start_date=date(2030, 9, 25) + timedelta(days=i % 10),
                   end_date=date(2030, 10, 5) + timedelta(days=i % 10), budget=Decimal(1000 + i), interests="徒步,美食",
                   visibility="public" if i % 7 else "private")
        for i in range(1000)
    )
    with CaptureQueriesContext(connection) as queries:
        response = user_api.get(f"/api/v1/travels/matches?plan_id={mine.pk}&size=5")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["pagination"]["total"] == 1000 - len(range(0, 1000, 7))
    scores = [row["match_score"] for row in data["list"]]
    assert scores == sorted(scores, reverse=True)
    assert len(queries) <= 4, [q["sql"] for q in queries]


def test_invitation_accept_makes_companions_and_tells_the_inviter(user, user_api, client_for):
    mine = TravelPlanFactory(user=user)
    invitee = UserFactory()
    theirs = TravelPlanFactory(user=invitee)
    response = user_api.post("/api/v1/travels/invitations",
                             {"plan_id": mine.pk, "matched_plan_id": theirs.pk, "message": "一起吧"}, format="json")
    assert response.status_code == 201
    invitation = response.json()["data"]
    assert invitation["state"] == "pending" and invitation["invitee_id"] == invitee.pk
    assert Message.objects.filter(recipient=invitee, data__invitation_id=invitation["id"]).exists()

    # only the invitee may answer
    assert user_api.post(f"/api/v1/travels/invitations/{invitation['id']}/accept").status_code == 403
    invitee_api = client_for(invitee)
    received = invitee_api.get("/api/v1/travels/invitations?role=received").json()["data"]["list"]
    assert [row["id"] for row in received] == [invitation["id"]]

    response = invitee_api.post(f"/api/v1/travels/invitations/{invitation['id']}/accept")
    assert response.status_code == 200 and response.json()["data"]["state"] == "accepted"
    assert Companionship.objects.filter(user_low_id=min(user.pk, invitee.pk), user_high_id=max(user.pk, invitee.pk)).exists()
    assert Message.objects.filter(recipient=user, data__state="accepted").exists()
    assert list(InvitationEvent.objects.filter(invitation_id=invitation["id"]).values_list("type", "to_state")) == [
        ("sent", "pending"), ("accept", "accepted")]
    companions = user_api.get("/api/v1/travels/companions").json()["data"]["list"]
    assert [row["id"] for row in companions] == [invitee.pk]

    # answered once: a second answer is a 409 naming the state
    response = invitee_api.post(f"/api/v1/travels/invitations/{invitation['id']}/decline")
    assert response.status_code == 409 and "accepted" in response.json()["message"]


def test_invitation_decline_makes_no_companions(user, user_api, client_for):
    invitee = UserFactory()
    invitation = Invitation.objects.create(inviter=user, invitee=invitee, plan=TravelPlanFactory(user=user),
                                           matched_plan=TravelPlanFactory(user=invitee))
    response = client_for(invitee).post(f"/api/v1/travels/invitations/{invitation.pk}/decline")
    assert response.status_code == 200 and response.json()["data"]["state"] == "declined"
    assert not Companionship.objects.exists()
    assert Message.objects.filter(recipient=user, data__state="declined").exists()


def test_invitation_to_a_private_plan_or_my_own_plan_is_refused(user, user_api):
    mine = TravelPlanFactory(user=user)
    private = TravelPlanFactory(user=UserFactory(), visibility="private")
    assert user_api.post("/api/v1/travels/invitations", {"plan_id": mine.pk, "matched_plan_id": private.pk},
                         format="json").status_code == 404
    other_mine = TravelPlanFactory(user=user)
    assert user_api.post("/api/v1/travels/invitations", {"plan_id": mine.pk, "matched_plan_id": other_mine.pk},
                         format="json").status_code == 400
    assert not Invitation.objects.exists()


def test_a_second_pending_invitation_for_the_same_plans_is_409(user, user_api):
    mine, theirs = TravelPlanFactory(user=user), TravelPlanFactory(user=UserFactory())
    body = {"plan_id": mine.pk, "matched_plan_id": theirs.pk}
    assert user_api.post("/api/v1/travels/invitations", body, format="json").status_code == 201
    assert user_api.post("/api/v1/travels/invitations", body, format="json").status_code == 409
    assert Invitation.objects.count() == 1


def test_answering_someone_elses_invitation_is_404(user, client_for):
    invitee = UserFactory()
    invitation = Invitation.objects.create(inviter=user, invitee=invitee, plan=TravelPlanFactory(user=user),
                                           matched_plan=TravelPlanFactory(user=invitee))
    assert client_for(UserFactory()).post(f"/api/v1/travels/invitations/{invitation.pk}/accept").status_code == 404
