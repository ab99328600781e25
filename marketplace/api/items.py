"""Items API (DESIGN §4 items): public list and detail; the seller creates, edits, withdraws and relists;
buyers say "I want to buy"; the seller sees and rejects the wants."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.api import paginate
from common.filters import any_of_params
from marketplace.api.trades import PAGE_PARAMETERS, TradeOutput, page_of, trade_response
from marketplace.models import Item
from marketplace.selectors import items as item_selectors
from marketplace.selectors import trades as trade_selectors
from marketplace.selectors.items import MAX_ID
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


class ItemInput(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, coerce_to_string=True)
    depreciation = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    image_url = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    images = serializers.ListField(child=serializers.FileField(), required=False, default=list)


def _images(request) -> list:
    return request.FILES.getlist("images") or request.FILES.getlist("image")


class ItemListApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    class FilterInput(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
        category = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
        price_min = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0)
        price_max = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0)
        state = serializers.CharField(required=False, allow_blank=True)
        seller = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        ordering = serializers.ChoiceField(choices=list(item_selectors.ORDERINGS), required=False, default="newest")

        def validate_state(self, value):
            states = [s.strip() for s in value.split(",") if s.strip()]
            unknown = [s for s in states if s not in Item.State.values]
            if unknown:
                raise serializers.ValidationError(_("Unknown item state: %(s)s.") % {"s": ", ".join(unknown)})
            return states

    @extend_schema(
        parameters=[FilterInput, *PAGE_PARAMETERS],
        responses={200: page_of(ItemOutput, "ItemPage")},
    )
    def get(self, request):
        filters = self.FilterInput(data=any_of_params(request.query_params, "state"))
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        items = item_selectors.item_list(
            user=request.user, q=data["q"], category=data["category"], price_min=data.get("price_min"),
            price_max=data.get("price_max"), states=data.get("state"), seller_id=data.get("seller"),
            ordering=data["ordering"],
        )
        return paginate(request, items, ItemOutput)

    @extend_schema(request=ItemInput, responses={201: ItemOutput})
    def post(self, request):
        data = ItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "images"}
        item = item_services.item_create(seller=request.user, images=_images(request), **fields)
        item = item_selectors.item_get(item_id=item.pk, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ItemDetailApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(responses={200: ItemOutput})
    def get(self, request, item_id):
        item = item_selectors.item_get(item_id=item_id, user=request.user)
        return Response(ItemOutput(item, context={"request": request}).data)

    @extend_schema(request=ItemInput(partial=True), responses={200: ItemOutput})
    def patch(self, request, item_id):
        data = ItemInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "images"}
        item_selectors.item_get(item_id=item_id, user=request.user)  # 404 before 403 for invisible items
        item_services.item_update(item_id=item_id, actor=request.user, data=fields, images=_images(request))
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
    permission_classes = [IsAuthenticated]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "want"

    @extend_schema(request=None, responses={201: TradeOutput})
    def post(self, request, item_id):
        trade = trade_services.trade_start(item_id=item_id, buyer=request.user)
        return trade_response(request, trade.pk, status=status.HTTP_201_CREATED)


class ItemWantsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PAGE_PARAMETERS, responses={200: page_of(TradeOutput, "ItemWantPage")})
    def get(self, request, item_id):
        return paginate(request, trade_selectors.item_wants(item_id=item_id, user=request.user), TradeOutput)


class ItemRejectAllApi(APIView):
    permission_classes = [IsAuthenticated]

    class Output(serializers.Serializer):
        rejected = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(request=None, responses={200: Output})
    def post(self, request, item_id):
        rejected = trade_services.trade_reject_all(item_id=item_id, actor=request.user)
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
