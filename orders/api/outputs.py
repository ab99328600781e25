"""The OpenAPI types of the orders answers (issue 13 item 8). The rows themselves are plain dicts built by
orders.shapes (lean on purpose); these serializers only describe them, so the schema and the fuzzer can check
every answer."""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers


def Money():  # noqa: N802 — reads as a field type
    return serializers.CharField(allow_null=True, help_text="Decimal as text, 2 places.")


def Instant():  # noqa: N802
    return serializers.DateTimeField(allow_null=True)


class OrderItemOutput(serializers.Serializer):
    id = serializers.CharField()
    product = serializers.IntegerField(allow_null=True)
    plan = serializers.CharField(allow_null=True)
    plan_item = serializers.CharField(allow_null=True)
    quantity = serializers.IntegerField()
    unit_price = Money()
    price = Money()


class ExchangeOutput(serializers.Serializer):
    direction = serializers.CharField()
    amount = Money()
    rate = serializers.CharField()


class OrderRowOutput(serializers.Serializer):
    id = serializers.CharField()
    order_no = serializers.CharField()
    kind = serializers.CharField()
    type = serializers.IntegerField()
    state = serializers.CharField()
    state_code = serializers.IntegerField()
    state_label = serializers.CharField()
    buyer = serializers.IntegerField(allow_null=True)
    merchant = serializers.IntegerField(allow_null=True)
    merchant_user = serializers.IntegerField(allow_null=True)
    vehicle = serializers.CharField(allow_null=True)
    summary = Money()
    payment = Money()
    delivery_address = serializers.CharField(allow_blank=True)
    items = OrderItemOutput(many=True)
    exchange = ExchangeOutput(allow_null=True)
    expect_at = Instant()
    start_at = Instant()
    stop_at = Instant()
    paid_at = Instant()
    completed_at = Instant()
    cancelled_at = Instant()
    created_at = Instant()
    updated_at = Instant()


class PromotionRefOutput(serializers.Serializer):
    id = serializers.CharField()
    code = serializers.CharField()
    discount = Money()


class PlanDetailOutput(serializers.Serializer):
    quotation = serializers.CharField()
    promotion = PromotionRefOutput(allow_null=True)
    plans = serializers.ListField(child=serializers.CharField())
    service_ratio = serializers.CharField()
    v_value = Money()


class OrderDriverOutput(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    license_no = serializers.CharField()
    phone = serializers.CharField()


class EffectiveDriverOutput(OrderDriverOutput):
    """`GET vehicles/{id}/drivers` row: a driver of an effective driver order, and that order (seed 002)."""

    vars()["order-id"] = serializers.CharField(help_text="The driver order's id.")


class SaleDetailOutput(serializers.Serializer):
    quotation = serializers.CharField()
    plan = serializers.CharField(allow_null=True)


class PaymentRowOutput(serializers.Serializer):
    reference = serializers.CharField()
    gateway = serializers.CharField()
    amount = Money()
    status = serializers.CharField()
    paid_at = Instant()
    created_at = Instant()


class OrderDetailOutput(OrderRowOutput):
    available_actions = serializers.ListField(child=serializers.CharField())
    plan = PlanDetailOutput(required=False, help_text="Plan orders only.")
    drivers = OrderDriverOutput(many=True, required=False, help_text="Driver orders only.")
    sale = SaleDetailOutput(required=False, help_text="Sale orders only.")
    payments = PaymentRowOutput(many=True)


class PayOutput(serializers.Serializer):
    reference = serializers.CharField()
    pay_url = serializers.CharField()
    amount = Money()
    gateway = serializers.CharField()


ORDER_ACTION_OUTPUT = PolymorphicProxySerializer(
    component_name="OrderActionResult", serializers=[PayOutput, OrderDetailOutput], resource_type_field_name=None,
)


class PaymentCallbackOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    data = serializers.JSONField()
    occurred_at = serializers.DateTimeField()


class PlanItemOutput(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    price = Money()


class CatalogPlanOutput(serializers.Serializer):
    """`GET plans` row."""

    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    items = PlanItemOutput(many=True)


class QuotationOutput(serializers.Serializer):
    """`GET quotations` row."""

    id = serializers.CharField()
    vehicle = serializers.CharField()
    plans = serializers.ListField(child=serializers.CharField())
    total = Money()
    created_at = Instant()

