"""Plan, driver and sale orders (seed 002): placed with the seed's arguments; placed → (plan: underwriting →
underwritten | rejected) → paid → effective (at start_at) → expired (at stop_at); staff may move a state
with updateOrderState, but only along the machine."""

from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import has_staff_perm, require_perm
from chat.notices import notice_text
from common.errors import TransitionNotAllowed, ValidationFailed
from orders.lock_objects import order_by_ref_lock
from orders.models import (
    Driver,
    DriverOrderExt,
    Order,
    OrderItem,
    PlanItem,
    PlanOrderExt,
    Promotion,
    Quotation,
    SaleOrderExt,
)
from orders.selectors import parse_uuid, vehicle_get_for_user
from orders.services.common import order_no_allocate, order_placed, order_transition, state_notice
from orders.services.inputs import Problems
from orders.shapes import money

# Transitions whose service lives elsewhere (underwrite helper) are still edges staff may take here.
STATE_TRANSITIONS = (
    "underwrite_start", "underwrite_pass", "underwrite_fail", "pay", "activate", "expire", "complete", "refund",
    "cancel", "userpay", "merchanttransfer", "usertransfer", "merchantpay",
)


def _quotation(problems: Problems, qid, vehicle) -> Quotation | None:
    pk = parse_uuid(qid)
    quotation = Quotation.objects.filter(pk=pk, vehicle=vehicle).prefetch_related("plans").first() if pk else None
    if quotation is None:
        problems.add("qid", _("No quotation %(qid)s for this vehicle.") % {"qid": qid})
    return quotation


def _catalog_items(problems: Problems, field: str, prices: dict, plan_ids: set) -> list[tuple[PlanItem, Decimal]]:
    """Check `{piid: price}` against the catalog: each item must belong to an allowed plan at its price."""
    if not isinstance(prices, dict) or not prices:
        problems.add(field, _("At least one plan item is required."))
        return []
    ids = {key: parse_uuid(key) for key in prices}
    found = {item.pk: item for item in PlanItem.objects.filter(pk__in=[v for v in ids.values() if v])}
    chosen = []
    for key, price_given in prices.items():
        item = found.get(ids[key])
        if item is None or item.plan_id not in plan_ids:
            problems.add(f"{field}.{key}", _("Unknown plan item %(piid)s for this quotation.") % {"piid": key})
            continue
        price = problems.money(f"{field}.{key}", price_given)
        if price is not None and price != item.price:
            problems.add(
                f"{field}.{key}",
                _("Price %(given)s differs from the catalog price %(price)s.") % {"given": price, "price": item.price},
            )
            continue
        chosen.append((item, item.price))
    return chosen


def plan_payment(*, summary: Decimal, ratio: Decimal, discount: Decimal) -> Decimal:
    """DESIGN §8: payment = summary × (1 + service_ratio) − the promotion's discount, never below 0."""
    return money(max(summary * (1 + ratio) - discount, Decimal(0)))


def _promotion(pmid: object) -> Promotion | None:
    """The active promotion named by its id or its code (`WELCOME500`)."""
    pk = parse_uuid(pmid)
    active = Promotion.objects.filter(active=True)
    return active.filter(pk=pk).first() if pk else active.filter(code=str(pmid)).first()


def plan_order_place(
    *, buyer: User, vid: object, plans: object, qid: object, pmid: object, service_ratio: object, summary: object,
    payment: object, expect_at: object,
) -> Order:
    """Place a plan order (seed 002 placeAnPlanOrder); the server recomputes summary and payment."""
    vehicle = vehicle_get_for_user(user=buyer, vehicle_id=vid)
    problems = Problems()
    quotation = _quotation(problems, qid, vehicle)
    promotion = None
    # `pmid` is nullable in the seed's table: null or missing means no promotion (DESIGN §8).
    if pmid not in (None, ""):
        promotion = _promotion(pmid)
        if promotion is None:
            problems.add("pmid", _("No active promotion %(pmid)s.") % {"pmid": pmid})
    ratio = problems.decimal("service_ratio", service_ratio, minimum=Decimal(0), maximum=Decimal(1), places=4)
    given_summary = problems.money("summary", summary)
    given_payment = problems.money("payment", payment)
    expect = problems.datetime("expect_at", expect_at)
    chosen: list[tuple[object, PlanItem, Decimal]] = []
    if not isinstance(plans, dict) or not plans:
        problems.add("plans", _("At least one plan is required."))
    elif quotation is not None:
        quoted = {plan.pk: plan for plan in quotation.plans.all()}
        for pid, prices in plans.items():
            plan = quoted.get(parse_uuid(pid))
            if plan is None:
                problems.add(f"plans.{pid}", _("Plan %(pid)s is not in this quotation.") % {"pid": pid})
                continue
            for item, price in _catalog_items(problems, f"plans.{pid}", prices, {plan.pk}):
                chosen.append((plan, item, price))
    computed_summary = money(sum((price for _plan, _item, price in chosen), Decimal(0)))
    if not problems.errors:
        computed_payment = plan_payment(summary=computed_summary, ratio=ratio,
                                        discount=promotion.discount if promotion else Decimal(0))
        problems.must_equal("summary", given_summary, computed_summary, _("sum of the plan items"))
        problems.must_equal("payment", given_payment, computed_payment, _("payment"))
    problems.raise_if_any()
    with transaction.atomic():
        order = Order.objects.create(
            order_no=order_no_allocate(), kind=Order.Kind.PLAN, state=Order.State.PLACED, buyer=buyer,
            vehicle=vehicle, summary=computed_summary, payment=computed_payment, expect_at=expect,
        )
        ext = PlanOrderExt.objects.create(
            order=order, quotation=quotation, promotion=promotion, service_ratio=ratio, v_value=vehicle.value,
        )
        ext.plans.set({plan.pk for plan, _item, _price in chosen})
        OrderItem.objects.bulk_create([
            OrderItem(order=order, plan=plan, plan_item=item, unit_price=price, price=price, position=position)
            for position, (plan, item, price) in enumerate(chosen)
        ])
        order_placed(order=order, buyer=buyer,
                     data={"summary": str(computed_summary), "payment": str(computed_payment)},
                      notice=notice_text(gettext_noop("Plan order %(no)s placed."), no=order.order_no))
    return order


def driver_order_place(*, buyer: User, vid: object, dids: object, summary: object, payment: object) -> Order:
    """Place a driver order (seed 002 placeAnDriverOrder): the client's totals are kept, 0 ≤ payment ≤ summary."""
    vehicle = vehicle_get_for_user(user=buyer, vehicle_id=vid)
    problems = Problems()
    given_summary = problems.money("summary", summary)
    given_payment = problems.money("payment", payment)
    drivers = []
    if not isinstance(dids, list) or not dids:
        problems.add("dids", _("At least one driver is required."))
    else:
        ids = [parse_uuid(d) for d in dids]
        if len(set(ids)) != len(ids):
            problems.add("dids", _("A driver is listed twice."))
        owned = Driver.objects.filter(pk__in=[i for i in ids if i])
        if not has_staff_perm(buyer, "order:view"):
            owned = owned.filter(owner=vehicle.owner)
        found = {driver.pk: driver for driver in owned}
        for raw, pk in zip(dids, ids, strict=True):
            if pk not in found:
                problems.add("dids", _("Unknown driver %(did)s.") % {"did": raw})
        drivers = list(found.values())
    if given_summary is not None and given_payment is not None and given_payment > given_summary:
        problems.add("payment", _("payment %(payment)s exceeds summary %(summary)s.")
                     % {"payment": given_payment, "summary": given_summary})
    problems.raise_if_any()
    with transaction.atomic():
        order = Order.objects.create(
            order_no=order_no_allocate(), kind=Order.Kind.DRIVER, state=Order.State.PLACED, buyer=buyer,
            vehicle=vehicle, summary=given_summary, payment=given_payment,
        )
        DriverOrderExt.objects.create(order=order).drivers.set(drivers)
        order_placed(order=order, buyer=buyer,
                     data={"drivers": [str(d.pk) for d in drivers]},
                      notice=notice_text(gettext_noop("Driver order %(no)s placed."), no=order.order_no))
    return order


def sale_order_place(*, buyer: User, vid: object, qid: object, items: object, summary: object, payment: object) -> Order:
    """Place a sale order (seed 002 placeAnSaleOrder): payment = summary = Σ items at catalog prices."""
    vehicle = vehicle_get_for_user(user=buyer, vehicle_id=vid)
    problems = Problems()
    quotation = _quotation(problems, qid, vehicle)
    given_summary = problems.money("summary", summary)
    given_payment = problems.money("payment", payment)
    chosen = []
    if quotation is not None:
        chosen = _catalog_items(problems, "items", items, {plan.pk for plan in quotation.plans.all()})
    elif not isinstance(items, dict) or not items:
        problems.add("items", _("At least one plan item is required."))
    computed = money(sum((price for _item, price in chosen), Decimal(0)))
    if not problems.errors:
        problems.must_equal("summary", given_summary, computed, _("sum of the items"))
        problems.must_equal("payment", given_payment, computed, _("summary"))
    problems.raise_if_any()
    plan_ids = {item.plan_id for item, _price in chosen}
    with transaction.atomic():
        order = Order.objects.create(
            order_no=order_no_allocate(), kind=Order.Kind.SALE, state=Order.State.PLACED, buyer=buyer,
            vehicle=vehicle, summary=computed, payment=computed,
        )
        SaleOrderExt.objects.create(order=order, quotation=quotation,
                                    plan_id=next(iter(plan_ids)) if len(plan_ids) == 1 else None)
        OrderItem.objects.bulk_create([
            OrderItem(order=order, plan_id=item.plan_id, plan_item=item, unit_price=price, price=price,
                      position=position)
            for position, (item, price) in enumerate(chosen)
        ])
        order_placed(order=order, buyer=buyer,
                     data={"summary": str(computed)},
                     notice=notice_text(gettext_noop("Sale order %(no)s placed."), no=order.order_no))
    return order


def order_state_update(
    *, actor: User, order_ref: UUID | str, state_code: int, state: str | None = None
) -> Order:
    """Staff move an order to the state with `state_code` (seed 002 updateOrderState), only along an edge of
    its machine; the label, when given, must be that state's."""
    require_perm(actor, "order:manage")
    if isinstance(state_code, bool) or not isinstance(state_code, int):
        raise ValidationFailed(_("state_code must be an integer."), data={"state_code": [_("Not an integer.")]})
    with transaction.atomic():
        order = order_by_ref_lock(order_ref)
        edges = {}
        for transition in order.get_available_state_transitions():
            if transition.name in STATE_TRANSITIONS:
                edges.setdefault(transition.target, transition.name)
        targets = [target for target in edges if Order.STATE_CODES[target][0] == state_code]
        known = {code for code, _label in Order.STATE_CODES.values()}
        if state_code not in known:
            raise ValidationFailed(_("Unknown state_code %(code)s.") % {"code": state_code},
                                   data={"state_code": [str(state_code)]})
        if not targets:
            raise _conflict(order, state_code)
        target = targets[0]
        if state not in (None, "") and state != Order.STATE_CODES[target][1]:
            raise ValidationFailed(
                _("state %(state)s does not match state_code %(code)s (%(label)s).")
                % {"state": state, "code": state_code, "label": Order.STATE_CODES[target][1]},
                data={"state": [state]},
            )
        name = edges[target]
        if not can_proceed(getattr(order, name)):
            raise _conflict(order, state_code)
        order_transition(order=order, transition=name, actor=actor, reason="updateOrderState",
                         data={"state_code": state_code},
                         notice=state_notice(order, target))
    return order


def _conflict(order: Order, state_code) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("Cannot move order %(no)s from %(state)s (%(code)s) to state_code %(target)s.")
        % {"no": order.order_no, "state": order.state, "code": order.state_code, "target": state_code},
        data={"state": order.state, "state_code": order.state_code},
    )
