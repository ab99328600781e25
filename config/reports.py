"""Operational reports (issue 14 point 5, seed 004 数据统计): per-day figures over a period, each table one
aggregate query on an event table (TruncDate + Count/Sum), so the page costs the same whatever the period.
Shown by config.report_views at /admin/reports/ (data:view), exported as CSV (data:export)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from marketplace.models import Trade, TradeEvent
from merchants.models import MerchantApplication, MerchantApplicationEvent
from orders.models import Order, OrderEvent
from underwrite.models import Underwrite, UnderwriteEvent

DEFAULT_DAYS = 30
MAX_DAYS = 366
# Trade endings caused by a deadline (the beat sweeps), shown apart from the people's decisions.
BUYER_CONFIRM_TIMEOUT = "buyer_confirm_timeout"
TIMEOUT_REASONS = (Trade.CancelReason.SELLER_ACCEPT_TIMEOUT, Trade.CancelReason.SELLER_CONFIRM_TIMEOUT,
                   BUYER_CONFIRM_TIMEOUT)


@dataclass
class Report:
    """One table (and chart): a value per series per day of the period."""

    key: str
    title: str
    series: list[tuple[str, str]]  # (key, label)
    days: list[dt.date]
    money: bool = False
    cells: dict = field(default_factory=dict)  # (day, series key) → value

    def zero(self):
        return Decimal("0.00") if self.money else 0

    def add(self, day, key, value) -> None:
        if value:
            self.cells[(day, key)] = self.cells.get((day, key), self.zero()) + value

    def values_on(self, day) -> list:
        return [self.cells.get((day, key), self.zero()) for key, _label in self.series]

    def rows(self) -> list[tuple[dt.date, list]]:
        return [(day, self.values_on(day)) for day in self.days]

    def total(self, key):
        return sum((self.cells.get((day, key), self.zero()) for day in self.days), self.zero())

    def totals(self) -> list:
        return [self.total(key) for key, _label in self.series]


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 30 days, today included."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware instants [start 00:00, end+1 00:00) in the site's time zone."""
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _per_day(queryset, instant: str, groups: tuple[str, ...], value, start, end) -> list[dict]:
    """One GROUP BY query: rows of {day, *groups, n} for `instant` within the period."""
    low, high = _bounds(start, end)
    return list(
        queryset.filter(**{f"{instant}__gte": low, f"{instant}__lt": high})
        .annotate(day=TruncDate(instant))
        .values("day", *groups)
        .annotate(n=value)
        .order_by()
    )


def _choices(choices) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices]


def build_reports(start: dt.date, end: dt.date) -> list[Report]:
    """Every table of the reports page for [start, end] (days in the site's time zone): six queries."""
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]

    users = Report("users", _("New users"), [("new", _("new users"))], days)
    for row in _per_day(User.objects.all(), "date_joined", (), Count("id"), start, end):
        users.add(row["day"], "new", row["n"])

    orders = Report("orders", _("Orders placed by kind"), _choices(Order.Kind.choices), days)
    for row in _per_day(OrderEvent.objects.filter(type="placed"), "occurred_at", ("order__kind",), Count("id"),
                        start, end):
        orders.add(row["day"], row["order__kind"], row["n"])

    revenue = Report("revenue", _("Revenue by kind (orders paid)"), _choices(Order.Kind.choices), days, money=True)
    for row in _per_day(OrderEvent.objects.filter(type="paid"), "occurred_at", ("order__kind",),
                        Sum("order__payment"), start, end):
        revenue.add(row["day"], row["order__kind"], row["n"])

    decided = [(Trade.State.COMPLETED.value, _("completed"))] + [
        (value, label) for value, label in Trade.CancelReason.choices if value not in TIMEOUT_REASONS
    ]
    trades = Report("trades", _("Trades completed and cancelled by reason"), decided, days)
    timeouts = Report("trade_timeouts", _("Trades ended by a timeout"), [
        (Trade.CancelReason.SELLER_ACCEPT_TIMEOUT.value, Trade.CancelReason.SELLER_ACCEPT_TIMEOUT.label),
        (Trade.CancelReason.SELLER_CONFIRM_TIMEOUT.value, Trade.CancelReason.SELLER_CONFIRM_TIMEOUT.label),
        (BUYER_CONFIRM_TIMEOUT, _("completed: the buyer did not confirm in time")),
    ], days)
    ended = TradeEvent.objects.filter(to_state__in=Trade.INACTIVE_STATES)
    for row in _per_day(ended, "occurred_at", ("to_state", "reason"), Count("id"), start, end):
        if row["reason"] in TIMEOUT_REASONS:
            timeouts.add(row["day"], row["reason"], row["n"])
        elif row["to_state"] == Trade.State.COMPLETED:
            trades.add(row["day"], Trade.State.COMPLETED.value, row["n"])
        else:
            trades.add(row["day"], row["reason"], row["n"])

    inspections = Report("inspections", _("Inspections passed and failed"), _choices(Underwrite.Result.choices), days)
    results = UnderwriteEvent.objects.filter(type="result_submitted", to_state__in=Underwrite.Result.values)
    for row in _per_day(results, "occurred_at", ("to_state",), Count("id"), start, end):
        inspections.add(row["day"], row["to_state"], row["n"])

    statuses = (MerchantApplication.Status.CONVERTED, MerchantApplication.Status.REJECTED)
    applications = Report("applications", _("Merchant applications decided"),
                          [(status.value, status.label) for status in statuses], days)
    decisions = MerchantApplicationEvent.objects.filter(type__in=("converted", "rejected"), to_state__in=statuses)
    for row in _per_day(decisions, "occurred_at", ("to_state",), Count("id"), start, end):
        applications.add(row["day"], row["to_state"], row["n"])

    return [users, orders, revenue, trades, timeouts, inspections, applications]


def report_keys() -> tuple[str, ...]:
    return ("users", "orders", "revenue", "trades", "trade_timeouts", "inspections", "applications")
