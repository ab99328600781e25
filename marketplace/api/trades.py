"""Trades API (DESIGN §4 trades, seed 003): the caller's trades as buyer and seller, one trade with the actions
the caller may take, the four actions, and the event history."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.filters import filter_parameters
from common.pagination import CURSOR_PARAMETER, PAGE_PARAMETERS, paginate
from marketplace.models import Trade, TradeEvent
from marketplace.selectors import trades as selectors
from marketplace.selectors.items import MAX_ID
from marketplace.services import trades as services


class TradeOutput(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    buyer = serializers.IntegerField(source="buyer_id", read_only=True)
    seller = serializers.IntegerField(source="seller_id", read_only=True)
    actions = serializers.SerializerMethodField()
    # Seed 003's names for the same timestamps (DESIGN §9); `confirmed_time` is the seller's confirmation.
    created_time = serializers.DateTimeField(source="created_at", read_only=True)
    accepted_time = serializers.DateTimeField(source="accepted_at", read_only=True, allow_null=True)
    confirmed_time = serializers.DateTimeField(source="seller_confirmed_at", read_only=True, allow_null=True)
    completed_time = serializers.DateTimeField(source="completed_at", read_only=True, allow_null=True)

    class Meta:
        model = Trade
        fields = ("id", "item", "buyer", "seller", "state", "cancel_reason", "created_at", "accepted_at",
                  "seller_confirmed_at", "completed_at", "cancelled_at", "deadline_at", "actions",
                  "created_time", "accepted_time", "confirmed_time", "completed_time")
        read_only_fields = fields

    def get_actions(self, trade) -> list[str]:
        request = self.context.get("request")
        return selectors.trade_actions(trade, request.user) if request else []


class TradeEventOutput(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)

    class Meta:
        model = TradeEvent
        fields = ("id", "type", "actor", "from_state", "to_state", "reason", "data", "occurred_at")
        read_only_fields = fields


def trade_response(request, trade_id, *, status=status.HTTP_200_OK) -> Response:
    trade = selectors.trade_get_for_user(trade_id=trade_id, user=request.user)
    return Response(TradeOutput(trade, context={"request": request}).data, status=status)


class TradeListApi(APIView):
    permission_classes = [IsAuthenticated]


    class Input(serializers.Serializer):
        item = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    @extend_schema(
        parameters=[*filter_parameters(selectors.TradeFilter), *PAGE_PARAMETERS, CURSOR_PARAMETER],
        responses={200: TradeOutput(many=True)},
    )
    def get(self, request):
        trades = selectors.trade_list_filtered(user=request.user, filters=request.query_params)
        return paginate(request, trades, TradeOutput, cursor_fields=("-created_at", "-id"))

    @extend_schema(request=Input, responses={201: TradeOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        trade = services.trade_start(item_id=data.validated_data["item"], buyer=request.user)
        return trade_response(request, trade.pk, status=status.HTTP_201_CREATED)


class TradeDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: TradeOutput})
    def get(self, request, trade_id):
        return trade_response(request, trade_id)


ACTIONS = {
    "accept": services.trade_accept,
    "reject": services.trade_reject,
    "confirm": services.trade_confirm,
    "cancel": services.trade_cancel,
}


class TradeActionApi(APIView):
    """accept / reject (seller, pending); confirm (seller: handover, buyer: receipt → completed); cancel (buyer:
    cancelled_by_buyer; seller while processing: reset → cancelled_by_seller)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: TradeOutput})
    def post(self, request, trade_id, action):
        ACTIONS[action](trade_id=trade_id, actor=request.user)
        return trade_response(request, trade_id)


class TradeEventsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: TradeEventOutput(many=True)})
    def get(self, request, trade_id):
        return paginate(request, selectors.trade_events_for_user(trade_id=trade_id, user=request.user),
                        TradeEventOutput)


urlpatterns = [
    path("trades", TradeListApi.as_view(), name="trades"),
    path("trades/<int:trade_id>", TradeDetailApi.as_view(), name="trade-detail"),
    path("trades/<int:trade_id>/events", TradeEventsApi.as_view(), name="trade-events"),
    # One path per action (not `<str:action>`) so each has its own documented operation.
    *[path(f"trades/<int:trade_id>/{action}", TradeActionApi.as_view(), {"action": action}, name=f"trade-{action}")
      for action in ACTIONS],
]
