"""The inspection appointment and result on a plan order's page (issue 16), through orders.page_sections."""

from orders.models import Order
from orders.page_sections import Section
from underwrite.models import Underwrite


def order_inspection_section(*, order, user) -> Section | None:
    if order.kind != Order.Kind.PLAN:
        return None
    underwrite = Underwrite.objects.filter(order=order, deleted=False).select_related("operator").first()
    return Section(template="underwrite/_order_inspection.html", context={"underwrite": underwrite})
