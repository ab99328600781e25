"""What needs staff action now, per role (issue 14 "staff dashboard"): each card is a count linking to the
filtered admin list, shown only to staff holding the permission to act on it. Shown on /admin/."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import UNDERWRITE_PERMS, has_any_staff_perm, has_staff_perm
from common.admin_filters import deadline_filter
from marketplace.admin.items import OPEN_TRADES, TRADE_DEADLINE_SOON
from marketplace.models import Item, Trade
from merchants.models import Merchant, MerchantApplication, Product, SuccessCase
from orders.admin import ORDER_DEADLINE_SOON
from orders.models import Order, Payment
from underwrite.admin_desk import plan_time_filter
from underwrite.models import Underwrite


@dataclass(frozen=True)
class Card:
    label: str
    count: int
    url: str


def _card(label, queryset, admin_name: str, query: str) -> Card:
    return Card(label=str(label), count=queryset.count(), url=f"{reverse(f'admin:{admin_name}_changelist')}?{query}")


def staff_cards(user) -> list[Card]:
    """The dashboard's cards for `user` (one COUNT query per card shown)."""
    cards = []
    if has_staff_perm(user, "merchant:review"):
        pending = MerchantApplication.Status.PENDING
        cards.append(_card(_("Merchant applications pending"), MerchantApplication.objects.filter(status=pending),
                           "merchants_merchantapplication", f"status__exact={pending}"))
        cards.append(_card(_("Merchants pending"), Merchant.objects.filter(status=Merchant.Status.PENDING),
                           "merchants_merchant", f"status__exact={Merchant.Status.PENDING}"))
    if has_any_staff_perm(user, *UNDERWRITE_PERMS):
        live = Underwrite.objects.filter(deleted=False)
        cards.append(_card(_("Inspections today"), plan_time_filter(live, "today"), "underwrite_underwrite",
                           "plan=today&deleted__exact=0"))
        cards.append(_card(_("Inspections overdue"), plan_time_filter(live, "overdue"), "underwrite_underwrite",
                           "plan=overdue&deleted__exact=0"))
    if has_staff_perm(user, "order:view"):
        unpaid = Order.State.PENDING_PAYMENT
        cards.append(_card(_("Unpaid orders"), Order.objects.filter(state=unpaid), "orders_order",
                           f"state__exact={unpaid}"))
        cards.append(_card(_("Trades in progress"), Trade.objects.filter(state=Trade.State.PROCESSING),
                           "marketplace_trade", f"state__exact={Trade.State.PROCESSING}"))
    if has_staff_perm(user, "order:manage"):
        cards += _deadline_cards()
    if has_staff_perm(user, "content:review"):
        cards.append(_card(_("Items taken down"), Item.objects.filter(hidden=True), "marketplace_item",
                           "hidden__exact=1"))
        cards.append(_card(_("Products taken down"), Product.objects.filter(hidden=True), "merchants_product",
                           "hidden__exact=1"))
    if has_staff_perm(user, "content:publish"):
        cards.append(_card(_("Cases in review"), SuccessCase.objects.filter(state=SuccessCase.State.IN_REVIEW),
                           "merchants_successcase", f"state__exact={SuccessCase.State.IN_REVIEW}"))
    return cards


def _deadline_cards() -> list[Card]:
    """What order:manage acts on before it is too late: payments that failed, unpaid orders and open trades
    whose deadline (DESIGN §3.2, §3.3) is close."""
    failed = Payment.Status.FAILED
    unpaid = Order.State.PENDING_PAYMENT
    open_trades = Trade.objects.filter(OPEN_TRADES)
    return [
        _card(_("Failed payments"), Payment.objects.filter(status=failed), "orders_payment", f"status__exact={failed}"),
        _card(_("Unpaid orders close to their deadline"),
              deadline_filter(Order.objects.filter(state=unpaid), "soon", window=ORDER_DEADLINE_SOON),
              "orders_order", f"state__exact={unpaid}&deadline=soon"),
        _card(_("Trades close to their deadline"), deadline_filter(open_trades, "soon", window=TRADE_DEADLINE_SOON),
              "marketplace_trade", "deadline=soon"),
    ]
