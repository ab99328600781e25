"""The staff dashboard (data:view): counts across every app, so it lives in the top layer. Shown on an
admin page (config.admin) and by `GET admin/dashboard` (config.staff_api)."""

from django.db.models import Count, Q

from accounts.models import User
from marketplace.models import Trade
from merchants.models import Merchant, MerchantApplication, SuccessCase
from orders.models import Order


def dashboard_counts() -> dict:
    """Counts for the staff dashboard (users, merchants by status, open trades, orders by state…)."""
    users = User.objects.aggregate(
        total=Count("id"), active=Count("id", filter=Q(is_active=True)), staff=Count("id", filter=Q(is_staff=True))
    )
    merchants = dict(Merchant.objects.values_list("status").annotate(n=Count("id")).order_by())
    orders = dict(Order.objects.values_list("state").annotate(n=Count("id")).order_by())
    trades = Trade.objects.aggregate(
        open=Count("id", filter=Q(state__in=Trade.ACTIVE_STATES)),
        processing=Count("id", filter=Q(state=Trade.State.PROCESSING)),
    )
    return {
        "users": users,
        "merchants": {status: merchants.get(status, 0) for status in Merchant.Status.values},
        "merchants_pending": merchants.get(Merchant.Status.PENDING, 0),
        "applications_pending": MerchantApplication.objects.filter(
            status=MerchantApplication.Status.PENDING
        ).count(),
        "cases_in_review": SuccessCase.objects.filter(state=SuccessCase.State.IN_REVIEW).count(),
        "open_trades": trades["open"],
        "processing_trades": trades["processing"],
        "orders_by_state": {state: orders.get(state, 0) for state in Order.State.values},
    }
