"""Items API (DESIGN §4 items): public list and detail; the seller creates, edits, withdraws and relists;
buyers say "I want to buy"; the seller sees and rejects the wants."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import ValidationFailed
from common.filters import filter_parameters
from common.jsonlimits import LimitedJSONParser
from common.pagination import CURSOR_PARAMETER, PAGE_PARAMETERS, paginate
from common.rows import iso, money_str
from marketplace.api.trades import TradeOutput, trade_response
from marketplace.models import Item, ItemImage
from marketplace.selectors import items as item_selectors
from marketplace.selectors import trades as trade_selectors
from marketplace.services import item_trades as item_trade_services
from marketplace.services import items as item_services
from marketplace.services import trades as trade_services


class ItemOutput(serializers.ModelSerializer):
    seller = serializers.IntegerField(source="seller_id", read_only=True)
    reserved_for = serializers.IntegerField(source="reserved_for_id", read_only=True, allow_null=True)
    state_code = serializers.IntegerField(read_only=True)
    images = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = ("id", "seller", "title", "category", "price", "depreciation", "note", "image_url", "images",
                  "state", "state_code", "reserved_for", "created_at")
        read_only_fields = fields

    def get_images(self, item) -> list[str]:
        request = self.context.get("request")
        urls = [image.image.url for image in item.images.all()]
        return [request.build_absolute_uri(url) for url in urls] if request else urls


def item_rows(request, rows: list[dict]) -> list[dict]:
    """ItemOutput's rows from `values()` and one image query (the hot list's lean path, PERF-NOTES)."""
    images = item_selectors.item_image_names([row["id"] for row in rows])
    storage = ItemImage._meta.get_field("image").storage
    absolute = request.build_absolute_uri
    return [{
        "id": row["id"], "seller": row["seller_id"], "title": row["title"], "category": row["category"],
        "price": money_str(row["price"]), "depreciation": row["depreciation"], "note": row["note"],
        "image_url": row["image_url"], "images": [absolute(storage.url(name)) for name in images.get(row["id"], ())],
        "state": row["state"], "state_code": Item.STATE_CODES[row["state"]], "reserved_for": row["reserved_for_id"],
        "created_at": iso(row["created_at"]),
    } for row in rows]


class ItemFieldsInput(serializers.Serializer):
    """An item's fields as JSON; images come as files in a multipart form (ItemInput)."""

    title = serializers.CharField(max_length=100)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, coerce_to_string=True)
    depreciation = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    image_url = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ItemInput(ItemFieldsInput):
    # Django refuses a form with more files than DATA_UPLOAD_MAX_NUMBER_FILES (a 400): documented as maxItems.
    images = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   max_length=settings.DATA_UPLOAD_MAX_NUMBER_FILES)


def _item_request(partial: bool = False) -> dict:
    return {"application/json": ItemFieldsInput(partial=partial), "multipart/form-data": ItemInput(partial=partial)}


def _images(request) -> list:
    return request.FILES.getlist("images") or request.FILES.getlist("image")


class ItemListApi(APIView):
    parser_classes = [LimitedJSONParser, MultiPartParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        parameters=[*filter_parameters(item_selectors.ItemFilter), *PAGE_PARAMETERS, CURSOR_PARAMETER],
        responses={200: ItemOutput(many=True)},
    )
    def get(self, request):
        params = request.query_params
        items = item_selectors.item_list(user=request.user, filters=params)
        return paginate(request, items.values(*item_selectors.ITEM_ROW_FIELDS), rows=lambda page: item_rows(request, page),
                        cursor_fields=item_selectors.item_ordering(params), estimate=True)

    @extend_schema(request=_item_request(), responses={201: ItemOutput})
    def post(self, request):
        data = ItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "images"}
        item = item_services.item_create(seller=request.user, images=_images(request), **fields)
        item = item_selectors.item_get(item_id=item.pk, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    parser_classes = [LimitedJSONParser, MultiPartParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(responses={200: ItemOutput})
    def get(self, request, item_id):
        item = item_selectors.item_get(item_id=item_id, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data)

    @extend_schema(request=_item_request(partial=True), responses={200: ItemOutput})
    def patch(self, request, item_id):
        data = ItemInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "images"}
        item_selectors.item_get(item_id=item_id, user=request.user)  # 404 before 403 for invisible items
        images = _images(request)
        if not fields and not images:
            # Also what a malformed multipart body parses to (Django skips a part without a name).
            message = _("Give at least one field to change.")
            raise ValidationFailed(message, data={"non_field_errors": [message]})
        item_services.item_update(item_id=item_id, actor=request.user, data=fields, images=images)
        item = item_selectors.item_get(item_id=item_id, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data)


class ItemWithdrawApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ItemOutput})
    def post(self, request, item_id):
        item_selectors.item_get(item_id=item_id, user=request.user)
        item_services.item_withdraw(item_id=item_id, actor=request.user)
        item = item_selectors.item_get(item_id=item_id, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data)


class ItemRelistApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: ItemOutput})
    def post(self, request, item_id):
        item_selectors.item_get(item_id=item_id, user=request.user)
        item_services.item_relist(item_id=item_id, actor=request.user)
        item = item_selectors.item_get(item_id=item_id, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data)


class ItemWantApi(APIView):
    permission_classes = [IsAuthenticated]  # the `want` throttle is in trade_start

    @extend_schema(request=None, responses={201: TradeOutput})
    def post(self, request, item_id):
        trade = trade_services.trade_start(item_id=item_id, buyer=request.user)
        return trade_response(request, trade.pk, status=status.HTTP_201_CREATED)


class ItemWantsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: TradeOutput(many=True)})
    def get(self, request, item_id):
        return paginate(request, trade_selectors.item_wants(item_id=item_id, user=request.user), TradeOutput)


class ItemRejectAllApi(APIView):
    permission_classes = [IsAuthenticated]

    class Output(serializers.Serializer):
        rejected = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(request=None, responses={200: Output})
    def post(self, request, item_id):
        rejected = item_trade_services.trade_reject_all(item_id=item_id, actor=request.user)
        return Response({"rejected": [t.pk for t in rejected]})


urlpatterns = [
    path("items", ItemListApi.as_view(), name="items"),
    path("items/<int:item_id>", ItemDetailApi.as_view(), name="item-detail"),
    path("items/<int:item_id>/withdraw", ItemWithdrawApi.as_view(), name="item-withdraw"),
    path("items/<int:item_id>/relist", ItemRelistApi.as_view(), name="item-relist"),
    path("items/<int:item_id>/want", ItemWantApi.as_view(), name="item-want"),
    path("items/<int:item_id>/wants", ItemWantsApi.as_view(), name="item-wants"),
    path("items/<int:item_id>/reject-all", ItemRejectAllApi.as_view(), name="item-reject-all"),
]
