"""Seed-002 calls over JSON-RPC 2.0 (`POST /api/rpc`, DESIGN §8): positional params in the seed's order,
answering the seed's shapes (`order-id`, `order-no`, `state-code`, …). Wrong parameter types are JSON-RPC
bad params (-32602); wrong values are the services' 400/403/404/409 in `result.code`."""

from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.permissions import has_staff_perm
from common.errors import NotFound, PermissionDenied
from common.jsonrpc import BadParams, rpc_method
from orders import selectors, services
from orders.models import Order
from orders.shapes import driver_row, iso, money_str, plain

NUMBER = (int, float, str, Decimal)


def _check(value, types, name: str, *, nullable: bool = False):
    if value is None and nullable:
        return value
    if isinstance(value, bool) or not isinstance(value, types):
        raise BadParams(f"{name} has the wrong type")
    return value


def seed_order(order: Order) -> dict:
    """One order in the seed-002 shape (needs `order_detail_queryset`)."""
    vehicle = order.vehicle
    data = {
        "id": str(order.pk),
        "order-no": order.order_no,
        "type": order.kind_code,
        "kind": order.kind,
        "state-code": order.state_code,
        "state": order.state_label,
        "vehicle": {"id": str(vehicle.pk), "owner": vehicle.owner_id, "plate_no": vehicle.plate_no,
                    "vin": vehicle.vin, "value": money_str(vehicle.value)} if vehicle else None,
        "summary": money_str(order.summary),
        "payment": money_str(order.payment),
        "start-at": iso(order.start_at),
        "stop-at": iso(order.stop_at),
        "created-at": iso(order.created_at),
        "updated-at": iso(order.updated_at),
    }
    items = [
        {"id": str(item.pk), "plan-item": str(item.plan_item_id) if item.plan_item_id else None,
         "product": item.product_id, "quantity": item.quantity, "price": money_str(item.price)}
        for item in order.items.all()
    ]
    if order.kind == Order.Kind.PLAN and hasattr(order, "plan_ext"):
        ext = order.plan_ext
        data.update({
            "plans": sorted(str(plan.pk) for plan in ext.plans.all()),
            "items": items,
            "promotion": {"id": str(ext.promotion_id), "code": ext.promotion.code,
                          "discount": money_str(ext.promotion.discount)} if ext.promotion_id else None,
            "service-ratio": plain(ext.service_ratio),
            "expect-at": iso(order.expect_at),
            "qid": str(ext.quotation_id),
            "v_value": money_str(ext.v_value),
        })
    elif order.kind == Order.Kind.DRIVER and hasattr(order, "driver_ext"):
        data["drivers"] = [driver_row(driver) for driver in order.driver_ext.drivers.all()]
    elif order.kind == Order.Kind.SALE and hasattr(order, "sale_ext"):
        data.update({"plan": str(order.sale_ext.plan_id) if order.sale_ext.plan_id else None, "items": items,
                     "qid": str(order.sale_ext.quotation_id)})
    else:
        data["items"] = items
    return data


def _placed(order: Order) -> dict:
    return {"order-id": str(order.pk), "order-no": order.order_no}


@rpc_method("order.placeAnPlanOrder")
def place_an_plan_order(request, vid, plans, qid, pmid, service_ratio, summary, payment, expect_at=None):
    _check(vid, str, "vid")
    _check(plans, dict, "plans")
    _check(qid, str, "qid")
    _check(pmid, str, "pmid", nullable=True)
    for name, value in (("service_ratio", service_ratio), ("summary", summary), ("payment", payment)):
        _check(value, NUMBER, name)
    _check(expect_at, str, "expect_at", nullable=True)
    if not all(isinstance(items, dict) for items in plans.values()):
        raise BadParams("plans must map plan ids to {piid: price}")
    order = services.plan_order_place(buyer=request.user, vid=vid, plans=plans, qid=qid, pmid=pmid,
                                      service_ratio=service_ratio, summary=summary, payment=payment,
                                      expect_at=expect_at)
    return _placed(order)


@rpc_method("order.placeAnDriverOrder")
def place_an_driver_order(request, vid, dids, summary, payment):
    _check(vid, str, "vid")
    _check(dids, list, "dids")
    _check(summary, NUMBER, "summary")
    _check(payment, NUMBER, "payment")
    order = services.driver_order_place(buyer=request.user, vid=vid, dids=dids, summary=summary, payment=payment)
    return _placed(order)


@rpc_method("order.placeAnSaleOrder")
def place_an_sale_order(request, vid, qid, items, summary, payment):
    _check(vid, str, "vid")
    _check(qid, str, "qid")
    _check(items, dict, "items")
    _check(summary, NUMBER, "summary")
    _check(payment, NUMBER, "payment")
    order = services.sale_order_place(buyer=request.user, vid=vid, qid=qid, items=items, summary=summary,
                                      payment=payment)
    return _placed(order)


@rpc_method("order.updateOrderState")
def update_order_state(request, order_id, state_code, state=None):
    _check(order_id, str, "order_id")
    _check(state_code, int, "state_code")
    _check(state, str, "state", nullable=True)
    order = services.order_state_update(actor=request.user, order_ref=order_id, state_code=state_code, state=state)
    return {"order-id": str(order.pk)}


@rpc_method("order.getOrders")
def get_orders(request, uid, offset=0, limit=10):
    _check(uid, (int, str), "uid")
    _check(offset, int, "offset")
    _check(limit, int, "limit")
    if not 0 <= offset <= 10**9 or not 1 <= limit <= 100:
        raise BadParams("offset must be between 0 and 10^9 and limit between 1 and 100")
    if str(uid) != str(request.user.pk) and not has_staff_perm(request.user, "order:view"):
        raise PermissionDenied(_("You may list only your own orders."))
    try:
        uid = int(uid)
    except ValueError:
        raise NotFound(_("User not found.")) from None
    queryset = selectors.order_detail_queryset().filter(selectors.participant_q(uid)).order_by("-updated_at", "-id")
    return {"orders": [seed_order(order) for order in queryset[offset:offset + limit]], "total": queryset.count()}


@rpc_method("order.getOrder")
def get_order(request, order_id):
    _check(order_id, str, "order_id")
    return seed_order(selectors.order_get_for_user(user=request.user, ref=order_id))


@rpc_method("order.getDriverOrders")
def get_driver_orders(request, vid):
    _check(vid, str, "vid")
    vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vid)
    return {"drivers": selectors.effective_driver_rows(vehicle_id=vehicle.pk)}
