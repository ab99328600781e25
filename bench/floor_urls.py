"""Floor endpoints (bench only, selected by bench/settings.py with BENCH_FLOORS=1), served beside the
product URLs by the same server, so a floor and the feature are measured under identical conditions.

- `bench/floor/json`: a bare Django `JsonResponse` (the cost of Django itself).
- `bench/floor/drf`: a DRF `APIView` answering a constant (the cost of DRF on top).
- `bench/floor/items`: a naive DRF `ListAPIView` doing what `GET /api/v1/items` answers — the same visibility
  filter, a `ModelSerializer` with the image URLs (prefetched), DRF's page-number pagination with its COUNT.
- `bench/floor/profile_put`: a plain Django view doing the I/O of `PUT /api/v1/users/profile` — the same bearer
  token check (one user query), then lock the user row and save the nickname in one transaction — and nothing
  else (no DRF, no serializer).
- `bench/floor/items_plain`: a plain Django view doing the same I/O as `GET /api/v1/items` (the same count
  through common.pagination, the same page SELECT of `values()`, the same image query, `q` and `cursor`
  alike) and rendering with orjson: the floor of the feature at any table size (issue 19).
"""

import orjson
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from common.pagination import count_of, cursor_encode, keyset_filter
from common.tokens import VersionedJWTAuthentication
from config.urls import handler404, handler500  # noqa: F401  (the error pages of the product URLconf)
from config.urls import urlpatterns as product_urlpatterns
from marketplace.models import Item, ItemImage


def floor_json(request):
    return JsonResponse({"code": 0, "message": "success", "data": {"ok": True}})


class FloorDrf(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response({"code": 0, "message": "success", "data": {"ok": True}})


PUBLIC = Q(hidden=False) & ~Q(state=Item.State.WITHDRAWN)
NEWEST = ("-created_at", "-id")


class FloorItemSerializer(serializers.ModelSerializer):
    images = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = (
            "id", "seller", "title", "category", "price", "depreciation", "note", "image_url", "images", "state",
            "reserved_for", "created_at",
        )

    def get_images(self, item) -> list[str]:
        return [self.context["request"].build_absolute_uri(image.image.url) for image in item.images.all()]


class FloorPagination(PageNumberPagination):
    page_size_query_param = "size"


class FloorItems(generics.ListAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = FloorItemSerializer
    pagination_class = FloorPagination

    def get_queryset(self):
        return Item.objects.filter(PUBLIC).prefetch_related("images").order_by(*NEWEST)


def floor_items_plain(request):
    size = min(int(request.GET.get("size") or 10), 100)
    page = int(request.GET.get("page") or 1)
    queryset = Item.objects.filter(PUBLIC).order_by(*NEWEST)
    if q := request.GET.get("q"):
        queryset = queryset.filter(Q(title__icontains=q) | Q(note__icontains=q))
    total = count_of(queryset, estimate=True)
    if cursor := request.GET.get("cursor"):
        queryset, page = keyset_filter(queryset, NEWEST, cursor), None
    else:
        queryset = queryset[(page - 1) * size:]
    rows = list(queryset.values("id", "seller_id", "title", "category", "price", "depreciation", "note",
                                "image_url", "state", "reserved_for_id", "created_at")[:size])
    images: dict[int, list[str]] = {}
    for item_id, name in ItemImage.objects.filter(item_id__in=[r["id"] for r in rows]).values_list("item_id", "image"):
        images.setdefault(item_id, []).append(request.build_absolute_uri(settings.MEDIA_URL + name))
    for row in rows:
        row["images"] = images.get(row["id"], [])
        row["price"] = str(row["price"])
    body = {"code": 0, "message": "success", "data": {"list": rows, "pagination": {
        "page": page, "size": size, "total": total,
        "next": cursor_encode(rows[-1], NEWEST) if len(rows) == size else None}}}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


@csrf_exempt
def floor_profile_put(request):
    authenticated = VersionedJWTAuthentication().authenticate(Request(request))
    if authenticated is None or request.method != "PUT":
        return HttpResponse(status=401 if authenticated is None else 405)
    nickname = orjson.loads(request.body)["nickname"]
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=authenticated[0].pk)
        user.nickname = nickname
        user.save()
    body = {"code": 0, "message": "success", "data": {"id": user.pk, "nickname": user.nickname}}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


urlpatterns = [
    path("bench/floor/json", floor_json),
    path("bench/floor/drf", FloorDrf.as_view()),
    path("bench/floor/items", FloorItems.as_view()),
    path("bench/floor/items_plain", floor_items_plain),
    path("bench/floor/profile_put", floor_profile_put),
    *product_urlpatterns,
]
