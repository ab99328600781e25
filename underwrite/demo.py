"""Demo underwriting: `inspector` is an operator and a reviewer (DESIGN §8); bob's first placed plan order,
when the orders demo has made one, gets a scheduled inspection tomorrow. Safe to run again."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import demo_user
from orders.models import Order
from underwrite import services
from underwrite.models import Underwrite
from underwrite.permissions import OPERATOR_GROUP, REVIEWER_GROUP


def load(*, password: str, stdout) -> None:
    inspector = demo_user("inspector")
    for name in (OPERATOR_GROUP, REVIEWER_GROUP):
        group, _created = Group.objects.get_or_create(name=name)
        inspector.groups.add(group)
    inspector.__dict__.pop("_underwrite_groups", None)

    if Underwrite.objects.filter(order__buyer__username="bob").exists():
        stdout.write("Underwrite: bob's plan order already has one")
        return
    order = (
        Order.objects.filter(buyer__username="bob", kind=Order.Kind.PLAN, state=Order.S.PLACED, plan_ext__isnull=False)
        .order_by("created_at")
        .first()
    )
    if order is None:
        stdout.write("Underwrite: no placed plan order of bob's yet; nothing scheduled")
        return
    tomorrow = (timezone.now() + timedelta(days=1)).replace(hour=2, minute=0, second=0, microsecond=0)
    underwrite = services.underwrite_create(
        actor=inspector, oid=order.pk, plan_time=tomorrow, validate_place="北京市东城区东直门东方银座",
    )
    stdout.write(f"Underwrite: scheduled {underwrite.pk} for order {order.order_no}")
