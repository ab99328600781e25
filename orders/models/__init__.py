"""Orders (DESIGN §3.3): one Order table, its items, events and payments; the seed-002 catalog and the
kind-specific extension tables; reviews of completed orders."""

from orders.models.catalog import Driver, Plan, PlanItem, Promotion, Quotation, Vehicle
from orders.models.extensions import DriverOrderExt, ExchangeOrderExt, PlanOrderExt, SaleOrderExt
from orders.models.orders import Order, OrderEvent, OrderItem, OrderNoSequence, Payment
from orders.models.reviews import Review

__all__ = [
    "Driver", "DriverOrderExt", "ExchangeOrderExt", "Order", "OrderEvent", "OrderItem", "OrderNoSequence",
    "Payment", "Plan", "PlanItem", "PlanOrderExt", "Promotion", "Quotation", "Review", "SaleOrderExt", "Vehicle",
]
