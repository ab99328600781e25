"""Messages API (DESIGN §4 messages), mounted at /api/v1/. Thin: parse, one service or selector, render."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from chat import selectors, services
from common.errors import ValidationFailed
from common.fields import IdOrText
from common.filters import filter_parameters
from common.pagination import PAGE_PARAMETERS, list_response, paginate


class MessageOutput(serializers.Serializer):
    """DESIGN §4 message: id, type, from, to, content, data, order, item, trade, fetched, read_at, created_at."""

    id = serializers.IntegerField()
    type = serializers.CharField()
    vars()["from"] = serializers.IntegerField(source="sender_id", allow_null=True)
    to = serializers.IntegerField(source="recipient_id")
    content = serializers.CharField()
    data = serializers.JSONField()
    order = serializers.UUIDField(source="order_id", allow_null=True)
    item = serializers.IntegerField(source="item_id", allow_null=True)
    trade = serializers.IntegerField(source="trade_id", allow_null=True)
    fetched = serializers.BooleanField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ConversationUserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    nickname = serializers.CharField()
    avatar = serializers.CharField()


class ConversationOutput(serializers.Serializer):
    user = ConversationUserOutput()
    last_message = MessageOutput()
    unread = serializers.IntegerField()


class MessageListApi(APIView):
    """History (newest first; page back with `before`, the smallest id you hold) and send."""

    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        to = IdOrText(max_length=150)  # a user id or a username (seed)
        content = serializers.CharField(trim_whitespace=False, allow_blank=True)
        order = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=36)
        item = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=selectors.MAX_ID)

    def get_throttles(self):
        if self.request.method == "POST":
            self.throttle_scope = "chat"
            return [ScopedRateThrottle()]
        return []

    @extend_schema(parameters=[*filter_parameters(selectors.MessageFilter), *PAGE_PARAMETERS],
                   responses={200: MessageOutput(many=True)})
    def get(self, request):
        rows = selectors.message_list_filtered(user_id=request.user.pk, filters=request.query_params)
        # A long conversation keeps its count for a while instead of counting on every page (issue 19).
        return paginate(request, rows, MessageOutput, estimate=True)

    @extend_schema(request=Input, responses={201: MessageOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.chat_message_send(
            sender_id=request.user.pk, to=data.validated_data["to"], content=data.validated_data["content"],
            order_id=data.validated_data.get("order") or None, item_id=data.validated_data.get("item"),
        )
        return Response(MessageOutput(message).data, status=status.HTTP_201_CREATED)


class ConversationListApi(APIView):
    """The people I talk with: the other user, the last message, how many of theirs I have not read."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: ConversationOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.conversation_list(user_id=request.user.pk),
                        rows=lambda page: ConversationOutput(selectors.conversation_rows(rows=page), many=True).data)


class FetchNewApi(APIView):
    """Seed 000 fetchnew: my unfetched messages, oldest first, marked fetched so the next call skips them.
    At most `size` (default and maximum 100) per call; `pagination.total` is how many were unfetched."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("size", {"type": "integer", "minimum": 1},
                                    description="At least 1; at most 100 (the default), larger is read as 100."),
                    *(OpenApiParameter(name, exclude=True) for name in ("page", "offset", "limit"))],
        responses={200: MessageOutput(many=True)},
    )
    def post(self, request):
        raw = request.query_params.get("size")
        if raw is None and hasattr(request.data, "get"):
            raw = request.data.get("size")
        try:
            size = min(int(raw), services.FETCHNEW_BATCH_SIZE) if raw not in (None, "") else services.FETCHNEW_BATCH_SIZE
        except (TypeError, ValueError):
            raise ValidationFailed(_("`size` must be an integer."), data={"size": [_("Must be an integer.")]})
        if size < 1:
            raise ValidationFailed(_("`size` must be at least 1."), data={"size": [_("Must be at least 1.")]})
        messages, remaining = services.messages_fetch_new(user_id=request.user.pk, limit=size)
        return list_response(MessageOutput(messages, many=True).data, page=1, size=size, total=remaining)


class FetchAllApi(APIView):
    """Seed 000 fetchall: every message sent to me, oldest first, paginated; changes nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: MessageOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.message_list_received(user_id=request.user.pk), MessageOutput)


class MarkReadApi(APIView):
    """Mark messages to me read: `{ids: [...]}` or `{with: <user>}` (the whole conversation); the senders get a
    `receipt` frame."""

    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=selectors.MAX_ID), required=False,
                                    max_length=1000,
                                    allow_empty=False)
        with_ = IdOrText(required=False, max_length=150)  # a user id or a username, like `to`

    class Output(serializers.Serializer):
        updated = serializers.IntegerField()

    @extend_schema(request=Input, responses={200: Output})
    def post(self, request):
        raw = dict(request.data.items()) if hasattr(request.data, "items") else {}
        if "with" in raw:
            raw["with_"] = raw.pop("with")
        if hasattr(request.data, "getlist") and "ids" in request.data:
            raw["ids"] = request.data.getlist("ids")
        data = self.Input(data=raw)
        data.is_valid(raise_exception=True)
        if "ids" in data.validated_data:
            updated = services.messages_mark_read(user_id=request.user.pk, ids=data.validated_data["ids"])
        elif "with_" in data.validated_data:
            with_user = selectors.user_id_or_404(data.validated_data["with_"], "with")
            updated = services.messages_mark_read(user_id=request.user.pk, with_user=with_user)
        else:
            raise ValidationFailed(_("Say which messages were read."), data={"ids": [_("Give `ids` or `with`.")]})
        return Response({"updated": updated})


urlpatterns = [
    path("messages", MessageListApi.as_view(), name="messages"),
    path("messages/fetchnew", FetchNewApi.as_view(), name="messages-fetchnew"),
    path("messages/fetchall", FetchAllApi.as_view(), name="messages-fetchall"),
    path("messages/read", MarkReadApi.as_view(), name="messages-read"),
    path("conversations", ConversationListApi.as_view(), name="conversations"),
]
