"""Seed 004: a merchant's incoming orders (merchants/orders) and reviews of completed orders."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import paginate
from common.filters import filter_parameters
from merchants.selectors import merchant_required
from orders import selectors
from orders.models import Order, Review
from orders.services import reviews as review_services


class MerchantOrderOutput(serializers.ModelSerializer):
    """Seed 004 `GET merchants/orders` row."""

    user_id = serializers.IntegerField(source="buyer_id", read_only=True)
    order_number = serializers.CharField(source="order_no", read_only=True)
    total_amount = serializers.DecimalField(source="payment", max_digits=12, decimal_places=2, read_only=True)
    status = serializers.CharField(source="state", read_only=True)
    ordered_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Order
        fields = ("id", "user_id", "order_number", "total_amount", "status", "delivery_address", "ordered_at",
                  "paid_at", "completed_at")
        read_only_fields = fields


class ReviewOutput(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    merchant_id = serializers.IntegerField(read_only=True)
    order_id = serializers.UUIDField(read_only=True)
    nickname = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Review
        fields = ("id", "user_id", "nickname", "merchant_id", "order_id", "rating", "comment", "created_at")
        read_only_fields = fields


class MerchantOrderListApi(APIView):
    @extend_schema(parameters=filter_parameters(selectors.MerchantOrderFilter),
                   responses={200: MerchantOrderOutput(many=True)})
    def get(self, request):
        merchant = merchant_required(user=request.user)
        return paginate(request, selectors.merchant_order_list(merchant=merchant, filters=request.query_params),
                        MerchantOrderOutput)


class ReviewListCreateApi(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    class Input(serializers.Serializer):
        order_id = serializers.CharField(max_length=40, help_text="The order's id (uuid) or order number.")
        rating = serializers.IntegerField(min_value=1, max_value=5)
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(parameters=filter_parameters(selectors.ReviewFilter), responses={200: ReviewOutput(many=True)})
    def get(self, request):
        return paginate(request, selectors.review_list(filters=request.query_params), ReviewOutput)

    @extend_schema(request=Input, responses={201: ReviewOutput})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = review_services.review_create(user=request.user, order_ref=values["order_id"],
                                               rating=values["rating"], comment=values["comment"])
        return Response(ReviewOutput(review).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("merchants/orders", MerchantOrderListApi.as_view(), name="merchant-orders"),
    path("reviews", ReviewListCreateApi.as_view(), name="reviews"),
]
