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
from chat.subjects import subject_id_of_user
from common.errors import NotFound, ValidationFailed
from common.pagination import PAGE_PARAMETERS, PageSizePagination, page_of, paginate


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


def _user_param(value, name: str) -> int:
    user_id = selectors.user_id_for(value)
    if user_id is None:
        raise NotFound(_("No such user."), data={name: [_("No such user.")]})
    return user_id


class MessageListApi(APIView):
    """History (newest first; page back with `before`, the smallest id you hold) and send."""

    permission_classes = [IsAuthenticated]

    class FilterInput(serializers.Serializer):
        with_ = serializers.CharField(required=False, max_length=150)
        order = serializers.CharField(required=False, max_length=36)
        before = serializers.IntegerField(required=False, min_value=1, max_value=selectors.MAX_ID)

    class Input(serializers.Serializer):
        to = serializers.CharField(max_length=150)
        content = serializers.CharField(trim_whitespace=False, allow_blank=True)
        order = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=36)
        item = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=selectors.MAX_ID)

    def get_throttles(self):
        if self.request.method == "POST":
            self.throttle_scope = "chat"
            return [ScopedRateThrottle()]
        return []

    @extend_schema(
        parameters=[
            OpenApiParameter("with", str, description="The other user (id or username)."),
            OpenApiParameter("order", str, description="Only messages about this order (id or order_no)."),
            OpenApiParameter("before", int, description="Only messages older than this id (cursor)."),
            *PAGE_PARAMETERS,
        ],
        responses={200: page_of(MessageOutput, "MessagePage")},
    )
    def get(self, request):
        params = {key: value for key, value in request.query_params.items() if key in ("order", "before")}
        if "with" in request.query_params:
            params["with_"] = request.query_params["with"]
        filters = self.FilterInput(data=params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        with_user_id = _user_param(data["with_"], "with") if "with_" in data else None
        order_id = None
        if "order" in data:
            order_id = subject_id_of_user("order", data["order"], user_id=request.user.pk)
            if order_id is None:
                raise NotFound(_("No such order."), data={"order": [_("No such order.")]})
        rows = selectors.message_history(
            user_id=request.user.pk, with_user_id=with_user_id, order_id=order_id, before=data.get("before")
        )
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

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: page_of(ConversationOutput, "ConversationPage")})
    def get(self, request):
        paginator = PageSizePagination()
        rows = paginator.paginate_queryset(selectors.conversation_list(user_id=request.user.pk), request, self)
        items = selectors.conversation_rows(rows=rows)
        return paginator.get_paginated_response(ConversationOutput(items, many=True).data)


class FetchNewApi(APIView):
    """Seed 000 fetchnew: my unfetched messages, oldest first, marked fetched so the next call skips them.
    At most `size` (default and maximum 100) per call; `pagination.total` is how many were unfetched."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("size", int, description="At most 100 (the default).")],
        responses={200: page_of(MessageOutput, "FetchNewPage")},
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
        return Response(
            {
                "list": MessageOutput(messages, many=True).data,
                "pagination": {"page": 1, "size": size, "total": remaining},
            }
        )


class FetchAllApi(APIView):
    """Seed 000 fetchall: every message sent to me, oldest first, paginated; changes nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: page_of(MessageOutput, "FetchAllPage")})
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
        with_ = serializers.CharField(required=False, max_length=150)

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
            with_user = _user_param(data.validated_data["with_"], "with")
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
