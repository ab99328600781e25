"""Plain-dict renderings of orders shared by the API, the JSON-RPC methods and the cache (lean on purpose:
no per-row queries, no ModelSerializer — PERF-NOTES)."""

from decimal import Decimal

from common.rows import CENT, iso, money, money_str  # noqa: F401 — shared with the other lean lists
from orders.models import Order


def plain(value) -> str:
    """A decimal without trailing zeros and never in exponent form (rates, ratios): 0.900000 → "0.9", 100 → "100"."""
    text = format(Decimal(value).normalize(), "f")
    return text


def item_row(item) -> dict:
    return {
        "id": str(item.id),
        "product": item.product_id,
        "plan": str(item.plan_id) if item.plan_id else None,
        "plan_item": str(item.plan_item_id) if item.plan_item_id else None,
        "quantity": item.quantity,
        "unit_price": money_str(item.unit_price),
        "price": money_str(item.price),
    }


def exchange_row(order: Order) -> dict | None:
    if order.kind != Order.Kind.EXCHANGE:
        return None
    ext = order.exchange_ext
    return {"direction": ext.direction, "amount": money_str(ext.amount), "rate": plain(ext.rate)}


def label_localized(row: dict) -> dict:
    """`row` with its `state_label` in the request's language (REST follows Accept-Language; DESIGN §9
    "Labels"). Rows are cached with the seed's Chinese label, so this runs on the way out; JSON-RPC keeps it."""
    if row.get("state") in Order.State.values:
        row["state_label"] = str(Order.State(row["state"]).label)
    return row


def order_row(order: Order) -> dict:
    """One order as it appears in lists (and in the `order-entities` cache hash). Needs `items` prefetched
    and `merchant`, `exchange_ext` selected."""
    return {
        "id": str(order.id),
        "order_no": order.order_no,
        "kind": order.kind,
        "type": order.kind_code,
        "state": order.state,
        "state_code": order.state_code,
        "state_label": order.state_label,
        "buyer": order.buyer_id,
        "merchant": order.merchant_id,
        "merchant_user": order.merchant.user_id if order.merchant_id else None,
        "vehicle": str(order.vehicle_id) if order.vehicle_id else None,
        "summary": money_str(order.summary),
        "payment": money_str(order.payment),
        "delivery_address": order.delivery_address,
        "items": [item_row(item) for item in order.items.all()],
        "exchange": exchange_row(order),
        "expect_at": iso(order.expect_at),
        "start_at": iso(order.start_at),
        "stop_at": iso(order.stop_at),
        "paid_at": iso(order.paid_at),
        "completed_at": iso(order.completed_at),
        "cancelled_at": iso(order.cancelled_at),
        "created_at": iso(order.created_at),
        "updated_at": iso(order.updated_at),
    }


def driver_row(driver, order_id=None) -> dict:
    row = {"id": str(driver.id), "name": driver.name, "license_no": driver.license_no, "phone": driver.phone}
    if order_id is not None:
        row["order-id"] = str(order_id)
    return row
