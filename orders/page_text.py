"""Words for the order page (issue 16): what was bought, how the total is made, and the timeline in words
instead of raw event codes. Pure presentation over an order loaded with `selectors.order_detail_queryset`."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.models import Order, OrderEvent
from orders.shapes import money

EVENT_WORDS = {
    "placed": gettext_lazy("Order placed"),
    "payment_started": gettext_lazy("Payment started"),
    "payment_failed": gettext_lazy("Payment failed"),
    "payment_refused": gettext_lazy("Payment refused: the amount paid did not match"),
    "payment_late": gettext_lazy("A payment arrived after the order closed"),
    "paid": gettext_lazy("Paid"),
    "cancelled": gettext_lazy("Order cancelled"),
    "cancel": gettext_lazy("Order cancelled"),
    "completed": gettext_lazy("Order completed"),
    "complete": gettext_lazy("Order completed"),
    "refunded": gettext_lazy("Refunded"),
    "refund": gettext_lazy("Refunded"),
    "changeamount": gettext_lazy("Amount changed"),
    "changerate": gettext_lazy("Rate changed"),
    "userpay": gettext_lazy("The user marked the payment as made"),
    "usertransfer": gettext_lazy("The user marked the credit as transferred"),
    "merchantpay": gettext_lazy("The merchant paid the user"),
    "merchanttransfer": gettext_lazy("The merchant transferred the credit to the user"),
    "underwrite_start": gettext_lazy("Underwriting started"),
    "underwrite_pass": gettext_lazy("Underwriting passed"),
    "underwrite_fail": gettext_lazy("Underwriting rejected"),
    "activate": gettext_lazy("Cover started"),
    "activated": gettext_lazy("Cover started"),
    "expire": gettext_lazy("Cover ended"),
    "expired": gettext_lazy("Cover ended"),
    "reminder_sent": gettext_lazy("Payment reminder sent"),
    "result_submitted": gettext_lazy("Inspection result recorded"),
    "result_altered": gettext_lazy("Inspection result changed"),
    "appointment_altered": gettext_lazy("Inspection appointment changed"),
    "photos_added": gettext_lazy("Photos added"),
}


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    text: str
    actor: str
    detail: str


def event_text(event: OrderEvent) -> str:
    words = EVENT_WORDS.get(event.type)
    return str(words) if words else event.type.replace("_", " ").capitalize()


def _event_detail(event: OrderEvent) -> str:
    data = event.data or {}
    if event.type in ("payment_started", "paid") and data.get("amount"):
        return _("¥%(amount)s") % {"amount": data["amount"]}
    if event.type in ("changeamount", "changerate"):
        new = data.get("amount") or data.get("rate") or data.get("to")
        return _("now %(value)s") % {"value": new} if new else ""
    return event.reason or ""


def timeline(events) -> list[TimelineEntry]:
    return [
        TimelineEntry(at=event.occurred_at, text=event_text(event),
                      actor=event.actor.display_name if event.actor_id else _("Tradepost"),
                      detail=_event_detail(event))
        for event in events
    ]


def line_name(line) -> str:
    """What one order line bought: the product, or the plan and its item."""
    if line.product_id:
        return line.product.name
    if line.plan_item_id:
        return f"{line.plan.name} · {line.plan_item.name}" if line.plan_id else line.plan_item.name
    if line.plan_id:
        return line.plan.name
    return _("Item")


def total_parts(order: Order) -> list[tuple[str, Decimal]]:
    """How the amount to pay is made, as (label, amount) rows ending with the amount to pay."""
    parts: list[tuple[str, Decimal]] = []
    if order.kind == Order.Kind.EXCHANGE:
        ext = order.exchange_ext
        parts.append((_("%(amount)s credit × rate %(rate)s") % {"amount": ext.amount, "rate": ext.rate.normalize()},
                      order.payment))
    elif order.kind == Order.Kind.PLAN:
        ext = order.plan_ext
        parts.append((_("Plan items"), order.summary))
        if ext.service_ratio:
            parts.append((_("Service fee (%(pct)s%%)") % {"pct": (ext.service_ratio * 100).normalize()},
                          money(order.summary * ext.service_ratio)))
        if ext.promotion_id:
            discount = min(ext.promotion.discount, money(order.summary * (1 + ext.service_ratio)))
            parts.append((_("Promotion %(code)s") % {"code": ext.promotion.code}, -discount))
    else:
        parts.append((_("Items") if order.kind != Order.Kind.DRIVER else _("Drivers' cover"), order.summary))
        if order.payment < order.summary:
            parts.append((_("Discount"), order.payment - order.summary))
    parts.append((_("To pay"), order.payment))
    return parts
