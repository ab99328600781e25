"""Orders API (`/api/v1/`, DESIGN §4): thin views — parse, call one service or selector, render."""

from decimal import Decimal

from django.urls import path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.oplog_api import StaffOperationApi
from common.filters import filter_parameters
from common.idempotency import idempotent
from common.pagination import PAGE_PARAMETERS, paginate
from orders import cache, selectors, services
from orders.api import outputs as out
from orders.models import ExchangeOrderExt, Order
from orders.shapes import driver_row, iso, label_localized, money_str, order_row, plain


# --- output ---------------------------------------------------------------------------------------------
def order_detail(order: Order, user) -> dict:
    """The detail of one order for `user`: the list row, kind details, payments and available actions."""
    data = label_localized(order_row(order))
    data["available_actions"] = services.available_actions(order=order, user=user)
    if order.kind == Order.Kind.PLAN and hasattr(order, "plan_ext"):
        ext = order.plan_ext
        data["plan"] = {
            "quotation": str(ext.quotation_id),
            "promotion": {"id": str(ext.promotion_id), "code": ext.promotion.code,
                          "discount": money_str(ext.promotion.discount)} if ext.promotion_id else None,
            "plans": sorted(str(plan.pk) for plan in ext.plans.all()),
            "service_ratio": plain(ext.service_ratio),
            "v_value": money_str(ext.v_value),
        }
    elif order.kind == Order.Kind.DRIVER and hasattr(order, "driver_ext"):
        data["drivers"] = [driver_row(driver) for driver in order.driver_ext.drivers.all()]
    elif order.kind == Order.Kind.SALE and hasattr(order, "sale_ext"):
        data["sale"] = {"quotation": str(order.sale_ext.quotation_id),
                        "plan": str(order.sale_ext.plan_id) if order.sale_ext.plan_id else None}
    data["payments"] = [
        {"reference": p.reference, "gateway": p.gateway, "amount": money_str(p.amount), "status": p.status,
         "paid_at": iso(p.paid_at), "created_at": iso(p.created_at)}
        for p in order.payments.order_by("created_at")
    ]
    return data


def order_page_for_user(request, *, user) -> Response:
    """One page of the user's orders: from the cache when it is on and no filter is named, else the database."""
    params = request.query_params
    cached = None
    if cache.enabled() and not any(params.get(name) for name in selectors.OrderFilter.base_filters):
        def cached(offset, size):  # None: Redis down or the cache dirty → the database answers
            hit = cache.order_list_cached_or_none(user_id=user.pk, offset=offset, size=size)
            return None if hit is None else ([label_localized(dict(row)) for row in hit[0]], hit[1])
    return paginate(request, selectors.order_list_filtered(user_id=user.pk, filters=params),
                    rows=lambda page: [label_localized(order_row(order)) for order in page], cached=cached)


# --- input ----------------------------------------------------------------------------------------------
@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}]})
class AmountValue(serializers.JSONField):
    """A number the order service reads and checks itself (an amount, a price, a ratio): a JSON number or a
    decimal string, as seed 002 sends them; the service names any value it cannot use (DESIGN §8)."""


# --- orders ---------------------------------------------------------------------------------------------
class OrderListApi(APIView):
    """`GET orders`: the caller's orders as buyer and as merchant (`kind`, `state`, `role` filters)."""

    @extend_schema(operation_id="orders_list", responses={200: out.OrderRowOutput(many=True)},
                   parameters=[*filter_parameters(selectors.OrderFilter), *PAGE_PARAMETERS])
    def get(self, request):
        return order_page_for_user(request, user=request.user)


class OrderDetailApi(APIView):
    @extend_schema(responses={200: out.OrderDetailOutput})
    def get(self, request, ref):
        order = selectors.order_get_for_user(user=request.user, ref=ref)
        return Response(order_detail(order, request.user))


class OrderEventsApi(APIView):
    @extend_schema(responses={200: out.EventOutput(many=True)}, parameters=PAGE_PARAMETERS)
    def get(self, request, ref):
        order = selectors.order_get_for_user(user=request.user, ref=ref, queryset=Order.objects.all())
        return paginate(request, selectors.order_events(order=order), out.EventOutput)


class OrderActionApi(StaffOperationApi, APIView):
    """`POST orders/{id}/{action}`: only actions the caller may take now (403 / 409 otherwise). Staff
    acting here (with order:manage) are in the operation log."""

    operation = "order:{action}"
    operation_target_type = "order"
    operation_target_kwarg = "ref"

    @extend_schema(request=None, responses={200: out.ORDER_ACTION_OUTPUT})
    @idempotent
    def post(self, request, ref, action):
        order = selectors.order_get_for_user(user=request.user, ref=ref)
        result = services.order_action(order=order, user=request.user, action=action)
        if action == "pay":
            return Response({"reference": result.reference, "pay_url": result.pay_url,
                             "amount": money_str(result.amount), "gateway": result.gateway})
        order = selectors.order_get_for_user(user=request.user, ref=order.pk)
        return Response(order_detail(order, request.user))


class ProductOrderCreateApi(APIView):
    class ProductOrderCreateInput(serializers.Serializer):
        class Line(serializers.Serializer):
            product = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
            quantity = serializers.IntegerField(min_value=1, max_value=9999, default=1)

        items = serializers.ListField(child=Line(), min_length=1)
        delivery_address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
        # Optional checks of the server's computation: null is the same as not sending them.
        total = AmountValue(required=False, allow_null=True)
        payment = AmountValue(required=False, allow_null=True)

    @extend_schema(request=ProductOrderCreateInput, responses={201: out.OrderDetailOutput})
    @idempotent
    def post(self, request):
        data = self.ProductOrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.product_order_place(buyer=request.user, **data.validated_data)
        return _created(order, request.user)


class ExchangeOrderCreateApi(APIView):
    class ExchangeOrderCreateInput(serializers.Serializer):
        merchant = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
        direction = serializers.ChoiceField(choices=ExchangeOrderExt.Direction.choices)
        amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
        rate = serializers.DecimalField(max_digits=12, decimal_places=6, min_value=Decimal("0.000001"))

    @extend_schema(request=ExchangeOrderCreateInput, responses={201: out.OrderDetailOutput})
    @idempotent
    def post(self, request):
        data = self.ExchangeOrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.exchange_order_place(buyer=request.user, merchant_id=data.validated_data["merchant"],
                                              direction=data.validated_data["direction"],
                                              amount=data.validated_data["amount"], rate=data.validated_data["rate"])
        return _created(order, request.user)


class _ExchangeTermApi(StaffOperationApi, APIView):
    """PATCH one term of an exchange order (seed 001 changeamount / changerate): one body, two inputs. Staff
    changing it (order:manage) are in the operation log."""

    operation_target_type = "order"
    operation_target_kwarg = "ref"

    Input: type[serializers.Serializer]
    change = None  # staticmethod: exchange_amount_change or exchange_rate_change

    def term_change(self, request, ref):
        order = selectors.order_get_for_user(user=request.user, ref=ref)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        self.change(order_id=order.pk, actor=request.user, **data.validated_data)
        return Response(order_detail(selectors.order_get_for_user(user=request.user, ref=order.pk), request.user))


class ExchangeAmountApi(_ExchangeTermApi):
    class ExchangeAmountInput(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))

    Input = ExchangeAmountInput
    operation = "order:changeamount"

    change = staticmethod(services.exchange_amount_change)

    @extend_schema(request=Input, responses={200: out.OrderDetailOutput})
    def patch(self, request, ref):
        return self.term_change(request, ref)


class ExchangeRateApi(_ExchangeTermApi):
    class ExchangeRateInput(serializers.Serializer):
        rate = serializers.DecimalField(max_digits=12, decimal_places=6, min_value=Decimal("0.000001"))

    Input = ExchangeRateInput
    operation = "order:changerate"

    change = staticmethod(services.exchange_rate_change)

    @extend_schema(request=Input, responses={200: out.OrderDetailOutput})
    def patch(self, request, ref):
        return self.term_change(request, ref)


def _created(order: Order, user) -> Response:
    order = selectors.order_get_for_user(user=user, ref=order.pk)
    return Response(order_detail(order, user), status=status.HTTP_201_CREATED)


class _SeedInput(serializers.Serializer):
    """Seed-002 values are taken as sent and checked by the service, which names every problem."""

    vid = serializers.CharField()
    # The client's totals: the service keeps (driver) or checks (plan, sale) them, so both are required.
    summary = AmountValue()
    payment = AmountValue()


class PlanOrderCreateApi(APIView):
    class PlanOrderCreateInput(_SeedInput):
        plans = serializers.DictField(child=serializers.DictField(child=AmountValue()))  # {plan id: {item id: price}}
        qid = serializers.CharField()
        pmid = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
        service_ratio = AmountValue(required=False, default=0)
        expect_at = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)

    @extend_schema(request=PlanOrderCreateInput, responses={201: out.OrderDetailOutput})
    @idempotent
    def post(self, request):
        data = self.PlanOrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.plan_order_place(buyer=request.user, **data.validated_data)
        return _created(order, request.user)


class DriverOrderCreateApi(APIView):
    class DriverOrderCreateInput(_SeedInput):
        dids = serializers.ListField(child=serializers.CharField(), min_length=1)

    @extend_schema(request=DriverOrderCreateInput, responses={201: out.OrderDetailOutput})
    @idempotent
    def post(self, request):
        data = self.DriverOrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.driver_order_place(buyer=request.user, **data.validated_data)
        return _created(order, request.user)


class SaleOrderCreateApi(APIView):
    class SaleOrderCreateInput(_SeedInput):
        qid = serializers.CharField()
        items = serializers.DictField(child=AmountValue())

    @extend_schema(request=SaleOrderCreateInput, responses={201: out.OrderDetailOutput})
    @idempotent
    def post(self, request):
        data = self.SaleOrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.sale_order_place(buyer=request.user, **data.validated_data)
        return _created(order, request.user)


class OrderStateApi(StaffOperationApi, APIView):
    """`POST orders/{id}/state {state_code, state?}` (staff; seed 002 updateOrderState)."""

    permission_classes = [IsAdminUser]
    operation = "order:update_state"
    operation_target_type = "order"
    operation_target_kwarg = "ref"

    class OrderStateInput(serializers.Serializer):
        state_code = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1)
        state = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)

    @extend_schema(request=OrderStateInput, responses={200: out.OrderDetailOutput})
    @idempotent
    def post(self, request, ref):
        data = self.OrderStateInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_state_update(actor=request.user, order_ref=ref, **data.validated_data)
        return Response(order_detail(selectors.order_get_for_user(user=request.user, ref=order.pk), request.user))


class PaymentCallbackApi(APIView):
    """`POST payments/callback/{gateway}`: the provider's signed callback (no user; the signature is the
    authentication)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: out.PaymentCallbackOutput}, auth=[])
    def post(self, request, gateway):
        payment = services.payment_callback_handle(gateway=gateway, body=request.body, headers=request.headers)
        return Response({"reference": payment.reference, "status": payment.status})


# --- catalog (bare arrays, as seed 002 answers them) ----------------------------------------------------
class PlanListApi(APIView):
    pagination_class = None

    @extend_schema(responses={200: out.CatalogPlanOutput(many=True)})
    def get(self, request):
        return Response([
            {"id": str(plan.pk), "name": plan.name, "description": plan.description,
             "items": [{"id": str(i.pk), "name": i.name, "price": money_str(i.price)} for i in plan.items.all()]}
            for plan in selectors.plan_list()
        ])


class QuotationListApi(APIView):
    pagination_class = None

    @extend_schema(responses={200: out.QuotationOutput(many=True)},
                   parameters=filter_parameters(selectors.QuotationFilter))
    def get(self, request):
        rows = [
            {"id": str(q.pk), "vehicle": str(q.vehicle_id), "plans": sorted(str(p.pk) for p in q.plans.all()),
             "total": money_str(q.total), "created_at": iso(q.created_at)}
            for q in selectors.quotation_list_for_user(user=request.user, filters=request.query_params)
        ]
        return Response(rows)


class PromotionListApi(APIView):
    pagination_class = None

    @extend_schema(responses={200: out.PromotionRefOutput(many=True)})
    def get(self, request):
        return Response([
            {"id": str(p.pk), "code": p.code, "discount": money_str(p.discount)} for p in selectors.promotion_list()
        ])


ACTION_PATTERN = "|".join(services.ACTION_NAMES)

urlpatterns = [
    path("orders", OrderListApi.as_view(), name="order-list"),
    path("orders/product", ProductOrderCreateApi.as_view(), name="order-product-create"),
    path("orders/exchange", ExchangeOrderCreateApi.as_view(), name="order-exchange-create"),
    path("orders/plan", PlanOrderCreateApi.as_view(), name="order-plan-create"),
    path("orders/driver", DriverOrderCreateApi.as_view(), name="order-driver-create"),
    path("orders/sale", SaleOrderCreateApi.as_view(), name="order-sale-create"),
    path("orders/<str:ref>", OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<str:ref>/events", OrderEventsApi.as_view(), name="order-events"),
    path("orders/<str:ref>/amount", ExchangeAmountApi.as_view(), name="order-amount"),
    path("orders/<str:ref>/rate", ExchangeRateApi.as_view(), name="order-rate"),
    path("orders/<str:ref>/state", OrderStateApi.as_view(), name="order-state"),
    # Only the known action names, so other apps' `orders/{id}/…` routes (underwrite) still resolve.
    re_path(rf"^orders/(?P<ref>[^/]+)/(?P<action>{ACTION_PATTERN})$", OrderActionApi.as_view(), name="order-action"),
    path("payments/callback/<str:gateway>", PaymentCallbackApi.as_view(), name="payment-callback"),
    path("plans", PlanListApi.as_view(), name="plan-list"),
    path("quotations", QuotationListApi.as_view(), name="quotation-list"),
    path("promotions", PromotionListApi.as_view(), name="promotion-list"),
]
