"""Seed 004 §2.2 travel API: plans, matches, invitations, companions."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import paginate
from common.filters import filter_parameters
from travel import selectors, services
from travel.models import Invitation, TravelPlan


class PlanOutput(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = TravelPlan
        fields = ("id", "user_id", "destination", "start_date", "end_date", "budget", "interests", "visibility",
                  "created_at")
        read_only_fields = fields


class MatchOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The matched plan's id.")
    user_id = serializers.IntegerField()
    destination = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    budget = serializers.DecimalField(max_digits=10, decimal_places=2)
    interests = serializers.CharField()
    match_score = serializers.FloatField(help_text="In [0, 1]; see travel.matching.")


class InvitationOutput(serializers.ModelSerializer):
    inviter_id = serializers.IntegerField(read_only=True)
    invitee_id = serializers.IntegerField(read_only=True)
    plan_id = serializers.IntegerField(read_only=True)
    matched_plan_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Invitation
        fields = ("id", "inviter_id", "invitee_id", "plan_id", "matched_plan_id", "message", "state", "created_at",
                  "responded_at")
        read_only_fields = fields


class CompanionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    nickname = serializers.CharField()
    avatar = serializers.CharField()


class PlanListCreateApi(APIView):
    class Input(serializers.Serializer):
        destination = serializers.CharField(max_length=100)
        start_date = serializers.DateField()
        end_date = serializers.DateField()
        budget = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
        interests = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
        visibility = serializers.ChoiceField(choices=TravelPlan.Visibility.choices, default="public")

        def validate(self, attrs):
            if attrs["end_date"] < attrs["start_date"]:
                raise serializers.ValidationError({"end_date": [_("Must not be before the start date.")]})
            return attrs

    @extend_schema(parameters=filter_parameters(selectors.PlanFilter), responses={200: PlanOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.plan_list_for_user(user=request.user, filters=request.query_params),
                        PlanOutput)

    @extend_schema(request=Input, responses={201: PlanOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.travel_plan_create(user=request.user, **data.validated_data)
        return Response(PlanOutput(plan).data, status=status.HTTP_201_CREATED)


class MatchListApi(APIView):
    @extend_schema(parameters=filter_parameters(selectors.MatchFilter), responses={200: MatchOutput(many=True)})
    def get(self, request):
        plan = selectors.plan_for_matching(user=request.user, filters=request.query_params)
        return paginate(request, selectors.plan_matches(plan=plan), MatchOutput)


class InvitationListCreateApi(APIView):
    class Input(serializers.Serializer):
        plan_id = serializers.IntegerField(min_value=1)
        matched_plan_id = serializers.IntegerField(min_value=1)
        message = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    @extend_schema(parameters=filter_parameters(selectors.InvitationFilter),
                   responses={200: InvitationOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.invitation_list_for_user(user=request.user, filters=request.query_params),
                        InvitationOutput)

    @extend_schema(request=Input, responses={201: InvitationOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_send(inviter=request.user, **data.validated_data)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


class InvitationAcceptApi(APIView):
    @extend_schema(request=None, responses={200: InvitationOutput})
    def post(self, request, invitation_id: int):
        invitation = services.invitation_accept(invitation_id=invitation_id, user=request.user)
        return Response(InvitationOutput(invitation).data)


class InvitationDeclineApi(APIView):
    @extend_schema(request=None, responses={200: InvitationOutput})
    def post(self, request, invitation_id: int):
        invitation = services.invitation_decline(invitation_id=invitation_id, user=request.user)
        return Response(InvitationOutput(invitation).data)


class CompanionListApi(APIView):
    @extend_schema(responses={200: CompanionOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.companion_list(user=request.user), CompanionOutput)


urlpatterns = [
    path("travels/plans", PlanListCreateApi.as_view(), name="travel-plans"),
    path("travels/matches", MatchListApi.as_view(), name="travel-matches"),
    path("travels/invitations", InvitationListCreateApi.as_view(), name="travel-invitations"),
    path("travels/invitations/<int:invitation_id>/accept", InvitationAcceptApi.as_view(), name="travel-invitation-accept"),
    path("travels/invitations/<int:invitation_id>/decline", InvitationDeclineApi.as_view(),
         name="travel-invitation-decline"),
    path("travels/companions", CompanionListApi.as_view(), name="travel-companions"),
]
