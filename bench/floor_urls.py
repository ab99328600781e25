"""Floor endpoints (bench only, selected by bench/settings.py with BENCH_FLOORS=1), served beside the
product URLs by the same server, so a floor and the feature are measured under identical conditions.

- `bench/floor/json`: a bare Django `JsonResponse` (the cost of Django itself).
- `bench/floor/drf`: a DRF `APIView` answering a constant (the cost of DRF on top).
- `bench/floor/items`: a naive DRF `ListAPIView` over the same rows as `GET /api/v1/items` (20 newest
  visible on-sale items with a plain `ModelSerializer`) — the floor for the product list.
"""

from django.http import JsonResponse
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler404, handler500  # noqa: F401  (the error pages of the product URLconf)
from config.urls import urlpatterns as product_urlpatterns
from marketplace.models import Item


def floor_json(request):
    return JsonResponse({"code": 0, "message": "success", "data": {"ok": True}})


class FloorDrf(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response({"code": 0, "message": "success", "data": {"ok": True}})


class FloorItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = (
            "id", "seller", "title", "category", "price", "depreciation", "note", "image_url", "state",
            "reserved_for", "created_at",
        )


class FloorItems(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = FloorItemSerializer
    pagination_class = None

    def get_queryset(self):
        return Item.objects.filter(hidden=False, state=Item.State.ON_SALE).order_by("-created_at", "-id")[:20]


urlpatterns = [
    path("bench/floor/json", floor_json),
    path("bench/floor/drf", FloorDrf.as_view()),
    path("bench/floor/items", FloorItems.as_view()),
    *product_urlpatterns,
]
