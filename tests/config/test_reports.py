"""Operational reports (issue 14 point 5): /admin/reports/ for data:view, per-day figures from the event
tables in a constant number of queries, CSV per table for data:export."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OperationLog, User
from config.reports import build_reports, default_period
from marketplace.models import Trade, TradeEvent
from merchants.models import MerchantApplicationEvent
from orders.models import Order, OrderEvent
from tests.factories import UserFactory
from tests.factories.marketplace import TradeFactory
from tests.factories.staff import MerchantApplicationFactory, staff_user
from tests.factories.underwrite import PlanOrderFactory
from underwrite.models import Underwrite, UnderwriteEvent

pytestmark = pytest.mark.django_db

URL = "/admin/reports/"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def known_data():
    """Events on two days inside the period and one the day before it."""
    today = timezone.localdate()
    d1, d2, before = today - dt.timedelta(days=3), today - dt.timedelta(days=1), today - dt.timedelta(days=40)
    for day in (d1, d1, d2, before):
        UserFactory(date_joined=at(day))
    plan = PlanOrderFactory(payment=Decimal("6000.00"))
    sale = PlanOrderFactory(kind=Order.Kind.SALE, payment=Decimal("150.50"))
    for order, day, type_ in ((plan, d1, "placed"), (sale, d1, "placed"), (sale, d2, "placed"),
                              (plan, d2, "paid"), (sale, d2, "paid"), (plan, before, "paid")):
        OrderEvent.objects.create(order=order, type=type_, occurred_at=at(day))
    trade = TradeFactory()
    C, X = Trade.State.COMPLETED, Trade.State.CANCELLED
    for day, to_state, reason in ((d1, C, ""), (d1, C, "buyer_confirm_timeout"), (d2, X, "cancelled_by_buyer"),
                                  (d2, X, "seller_accept_timeout"), (d2, X, "seller_accept_timeout"),
                                  (before, C, "")):
        TradeEvent.objects.create(trade=trade, type="x", to_state=to_state, reason=reason, occurred_at=at(day))
    underwrite_order = PlanOrderFactory()
    underwrite = Underwrite.objects.create(
        order=underwrite_order, quotation=underwrite_order.plan_ext.quotation, plan_time=at(d1),
        validate_place="Depot", validate_update_time=at(d1),
    )
    for day, type_, to_state in ((d1, "result_submitted", "passed"), (d2, "result_submitted", "failed"),
                                 (d2, "result_submitted", "passed"), (d2, "result_altered", "failed"),
                                 (d2, "filled", "inspected")):
        UnderwriteEvent.objects.create(underwrite=underwrite, type=type_, to_state=to_state, occurred_at=at(day))
    application = MerchantApplicationFactory()
    for day, type_, to_state in ((d1, "converted", "converted"), (d2, "rejected", "rejected"),
                                 (d2, "submitted", "pending")):
        MerchantApplicationEvent.objects.create(application=application, type=type_, to_state=to_state,
                                                occurred_at=at(day))
    return {"d1": d1, "d2": d2, "before": before}


def table(reports, key):
    return {report.key: report for report in reports}[key]


def day_values(report, day) -> dict:
    return dict(zip([key for key, _ in report.series], report.values_on(day), strict=True))


def test_figures_equal_counts_computed_from_the_tables(known_data):
    d1, d2 = known_data["d1"], known_data["d2"]
    start, end = default_period()
    reports = build_reports(start, end)

    users = table(reports, "users")
    for day in (d1, d2):
        assert day_values(users, day)["new"] == User.objects.filter(date_joined__date=day).count()
    assert users.total("new") == User.objects.filter(date_joined__date__range=(start, end)).count()

    orders = table(reports, "orders")
    assert day_values(orders, d1) == {**dict.fromkeys(Order.Kind.values, 0), "plan": 1, "sale": 1}
    assert day_values(orders, d2)["sale"] == OrderEvent.objects.filter(
        type="placed", occurred_at__date=d2, order__kind="sale").count() == 1

    revenue = table(reports, "revenue")
    assert day_values(revenue, d2)["plan"] == Decimal("6000.00")
    assert day_values(revenue, d2)["sale"] == Decimal("150.50")
    assert revenue.total("plan") == Decimal("6000.00")  # the payment before the period is not counted

    trades = table(reports, "trades")
    assert day_values(trades, d1)["completed"] == 1
    assert day_values(trades, d2)["cancelled_by_buyer"] == 1
    assert "seller_accept_timeout" not in dict(trades.series)
    timeouts = table(reports, "trade_timeouts")
    assert day_values(timeouts, d1)["buyer_confirm_timeout"] == 1
    assert day_values(timeouts, d2)["seller_accept_timeout"] == TradeEvent.objects.filter(
        reason="seller_accept_timeout", occurred_at__date=d2).count() == 2

    inspections = table(reports, "inspections")
    assert day_values(inspections, d1) == {"passed": 1, "failed": 0}
    assert day_values(inspections, d2) == {"passed": 1, "failed": 1}

    applications = table(reports, "applications")
    assert day_values(applications, d1) == {"converted": 1, "rejected": 0}
    assert day_values(applications, d2) == {"converted": 0, "rejected": 1}


def test_page_shows_the_figures_as_tables_and_svg_charts(known_data):
    response = client(staff_user("admin")).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<svg class="report-chart"') == 7
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # no inline script under the CSP
    assert 'id="report-revenue"' in body
    assert "6000.00" in body
    assert known_data["d2"].isoformat() in body


def test_constant_number_of_queries_whatever_the_period(known_data):
    viewer = staff_user("admin")
    c = client(viewer)
    today = timezone.localdate()
    counts = []
    for days in (7, 90):
        start = today - dt.timedelta(days=days - 1)
        with CaptureQueriesContext(connection) as queries:
            response = c.get(URL, {"start": start.isoformat(), "end": today.isoformat()})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # the six report queries, plus the session, the user and the permission look-ups
    report_queries = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(report_queries) == 6


def test_only_data_view_opens_the_page():
    assert client(staff_user()).get(URL).status_code == 403
    assert client(staff_user("merchant_reviewer")).get(URL).status_code == 403
    assert client(UserFactory()).get(URL).status_code == 302  # not staff: the admin login
    assert client(staff_user("admin")).get(URL).status_code == 200


def test_csv_needs_data_export(known_data):
    only_view = staff_user()
    only_view.user_permissions.add(Permission.objects.get(codename="data:view"))
    assert client(only_view).get(URL).status_code == 200
    assert client(only_view).get(URL + "csv/trades/").status_code == 403

    exporter = staff_user("admin")
    response = client(exporter).get(URL + "csv/trades/")
    assert response.status_code == 200
    assert OperationLog.objects.filter(operation="data:export", admin=exporter, target_id="trades").count() == 1
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "date"
    by_day = {row[0]: row for row in rows[1:]}
    assert by_day[known_data["d1"].isoformat()][rows[0].index("completed")] == "1"
    assert client(staff_user("admin")).get(URL + "csv/nope/").status_code == 404


def test_bad_period_falls_back_with_an_error():
    response = client(staff_user("admin")).get(URL, {"start": "2026-13-01", "end": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_admin_index_links_the_page_for_data_view_only():
    assert URL in client(staff_user("admin")).get("/admin/").content.decode()
    assert URL not in client(staff_user("merchant_reviewer")).get("/admin/").content.decode()


def test_labels_in_both_languages():
    c = client(staff_user("admin"))
    english = c.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Operational reports" in english and "Trades ended by a timeout" in english
    chinese = c.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ("运营报表", "新增用户", "因超时结束的交易", "验车通过与未通过", "已处理的商家申请", "开始日期"):
        assert label in chinese
    assert "报表" in c.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
