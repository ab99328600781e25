"""Seed 004 §2.4: a merchant's products (merchants/products) and the public product list."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import paginate
from common.filters import filter_parameters
from common.rows import lean_rows
from merchants import selectors
from merchants.models import Product
from merchants.services import products as product_services


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(Product.Status.values)})$",
                      "description": " | ".join(Product.Status.values)})
class ProductStatusField(serializers.ChoiceField):
    """Product status, documented as a pattern: as an enum shared by the create, edit and output schemas
    it collides with the other `status` enums in drf-spectacular's enum naming (a schema warning)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Product.Status.choices, **kwargs)


class ProductOutput(serializers.ModelSerializer):
    merchant_id = serializers.IntegerField(read_only=True)
    status = ProductStatusField(read_only=True)

    class Meta:
        model = Product
        fields = ("id", "merchant_id", "name", "description", "price", "image_url", "category", "status", "created_at")
        read_only_fields = fields


PRODUCT_ROW_FIELDS = ProductOutput.Meta.fields


def product_page(request, products):
    """One page of products as ProductOutput renders them, from `values()` (the lean list path, issue 19)."""
    return paginate(request, products.values(*PRODUCT_ROW_FIELDS),
                    rows=lambda page: lean_rows(page, money=("price",), instants=("created_at",)))


class ProductInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    image_url = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    category = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    status = ProductStatusField(required=False, default=Product.Status.AVAILABLE)


class MerchantProductListCreateApi(APIView):
    @extend_schema(parameters=filter_parameters(selectors.MerchantProductFilter),
                   responses={200: ProductOutput(many=True)})
    def get(self, request):
        merchant = selectors.merchant_required(user=request.user)
        return product_page(request, selectors.product_list_for_merchant(merchant=merchant,
                                                                        filters=request.query_params))

    @extend_schema(request=ProductInput, responses={201: ProductOutput})
    def post(self, request):
        data = ProductInput(data=request.data)
        data.is_valid(raise_exception=True)
        product = product_services.product_create(user=request.user, **data.validated_data)
        return Response(ProductOutput(product).data, status=status.HTTP_201_CREATED)


class MerchantProductDetailApi(APIView):
    @extend_schema(request=ProductInput(partial=True), responses={200: ProductOutput})
    def patch(self, request, product_id: int):
        data = ProductInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = product_services.product_update(product_id=product_id, user=request.user, data=data.validated_data)
        return Response(ProductOutput(product).data)

    @extend_schema(request=None, responses={200: ProductOutput})
    def delete(self, request, product_id: int):
        product = product_services.product_unpublish(product_id=product_id, user=request.user)
        return Response(ProductOutput(product).data)


class ProductListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=filter_parameters(selectors.ProductFilter), responses={200: ProductOutput(many=True)})
    def get(self, request):
        return product_page(request, selectors.product_list_public(filters=request.query_params))


urlpatterns = [
    path("merchants/products", MerchantProductListCreateApi.as_view(), name="merchant-products"),
    path("merchants/products/<int:product_id>", MerchantProductDetailApi.as_view(), name="merchant-product-detail"),
    path("products", ProductListApi.as_view(), name="products"),
]
