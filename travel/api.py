"""Seed 004 §2.2 travel API: plans, matches, invitations, companions."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import PageSizePagination, paginate
from common.errors import NotFound
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

    class Filter(serializers.Serializer):
        visibility = serializers.ChoiceField(choices=TravelPlan.Visibility.choices, required=False)

    @extend_schema(parameters=[Filter], responses={200: PlanOutput(many=True)})
    def get(self, request):
        params = self.Filter(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.plan_list_for_user(user=request.user, visibility=params.validated_data.get("visibility"))
        return paginate(request, qs, PlanOutput)

    @extend_schema(request=Input, responses={201: PlanOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.travel_plan_create(user=request.user, **data.validated_data)
        return Response(PlanOutput(plan).data, status=status.HTTP_201_CREATED)


class MatchListApi(APIView):
    class Filter(serializers.Serializer):
        plan_id = serializers.IntegerField(min_value=1)

    @extend_schema(parameters=[Filter], responses={200: MatchOutput(many=True)})
    def get(self, request):
        params = self.Filter(data=request.query_params)
        params.is_valid(raise_exception=True)
        plan = TravelPlan.objects.filter(pk=params.validated_data["plan_id"], user=request.user).select_related("user").first()
        if plan is None:
            raise NotFound(_("Travel plan not found."))
        matches = selectors.plan_matches(plan=plan)
        paginator = PageSizePagination()
        page = paginator.paginate_queryset(matches, request, self)
        return paginator.get_paginated_response(MatchOutput(page, many=True).data)


class InvitationListCreateApi(APIView):
    class Input(serializers.Serializer):
        plan_id = serializers.IntegerField(min_value=1)
        matched_plan_id = serializers.IntegerField(min_value=1)
        message = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

    class Filter(serializers.Serializer):
        role = serializers.ChoiceField(choices=["sent", "received"], required=False)
        state = serializers.ChoiceField(choices=Invitation.State.choices, required=False)

    @extend_schema(parameters=[Filter], responses={200: InvitationOutput(many=True)})
    def get(self, request):
        params = self.Filter(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = selectors.invitation_list_for_user(user=request.user, **params.validated_data)
        return paginate(request, qs, InvitationOutput)

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
