"""Seed 002 for users (issue 16): my vehicles and drivers (add, edit), a vehicle's quotations, and placing a
plan order (the server's totals shown live as plan items are picked, a promotion by its code) or a driver
order. Thin: reads through orders.selectors, writes through orders.services."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from orders import selectors
from orders.forms import DriverForm, DriverOrderForm, VehicleForm
from orders.services import driver_order_place, plan_order_place, sale_order_place
from orders.services.contracts import plan_payment
from orders.services.garage import driver_save, vehicle_save
from orders.shapes import money


def service_ratio() -> Decimal:
    return Decimal(str(getattr(settings, "PLAN_SERVICE_RATIO", "0.05")))


@login_required
def garage(request):
    """My vehicles and drivers, with forms to add one of each."""
    vehicle_form = VehicleForm(request.POST if request.POST.get("add") == "vehicle" else None, prefix="vehicle")
    driver_form = DriverForm(request.POST if request.POST.get("add") == "driver" else None, prefix="driver")
    if request.method == "POST":
        form, service = (vehicle_form, vehicle_save) if request.POST.get("add") == "vehicle" else (driver_form, driver_save)
        if form.is_valid():
            ok, _row = call_service(request, service, form=form, owner=request.user, success=_("Saved."),
                                    **form.cleaned_data)
            if ok:
                return redirect("garage")
    return render(request, "orders/garage.html", {
        "vehicles": selectors.vehicle_list_for_user(user=request.user).filter(owner=request.user),
        "drivers": selectors.driver_list_for_user(user=request.user),
        "vehicle_form": vehicle_form, "driver_form": driver_form,
    })


@login_required
@domain_error_page
def vehicle_edit(request, vehicle_id):
    vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id)
    form = VehicleForm(request.POST or None, initial={"plate_no": vehicle.plate_no, "vin": vehicle.vin,
                                                      "value": vehicle.value})
    if request.method == "POST" and form.is_valid():
        ok, _row = call_service(request, vehicle_save, form=form, owner=request.user, vehicle_id=vehicle.pk,
                                success=_("Saved."), **form.cleaned_data)
        if ok:
            return redirect("vehicle-detail", vehicle_id=vehicle.pk)
    return render(request, "orders/garage_edit.html", {"form": form, "title": vehicle.plate_no})


@login_required
@domain_error_page
def driver_edit(request, driver_id):
    driver = selectors.driver_list_for_user(user=request.user).filter(pk=selectors.parse_uuid(driver_id)).first()
    if driver is None:
        raise NotFound(_("Driver not found."))
    form = DriverForm(request.POST or None, initial={"name": driver.name, "license_no": driver.license_no,
                                                     "phone": driver.phone})
    if request.method == "POST" and form.is_valid():
        ok, _row = call_service(request, driver_save, form=form, owner=request.user, driver_id=driver.pk,
                                success=_("Saved."), **form.cleaned_data)
        if ok:
            return redirect("garage")
    return render(request, "orders/garage_edit.html", {"form": form, "title": driver.name})


def _picked(quotation, piids) -> dict:
    """{pid: {piid: price}} for the picked plan items of the quotation's plans, at catalog prices."""
    plans: dict = {}
    for plan in quotation.plans.all():
        for item in plan.items.all():
            if str(item.pk) in piids:
                plans.setdefault(str(plan.pk), {})[str(item.pk)] = str(item.price)
    return plans


def _totals(quotation, piids, code: str) -> dict:
    plans = _picked(quotation, piids) if quotation else {}
    summary = money(sum((Decimal(p) for items in plans.values() for p in items.values()), Decimal(0)))
    promotion = selectors.promotion_by_code(code) if code else None
    ratio = service_ratio()
    payment = plan_payment(summary=summary, ratio=ratio, discount=promotion.discount if promotion else Decimal(0))
    return {
        "plans": plans, "promotion": promotion, "summary": summary, "fee": money(summary * ratio),
        "discount": money(promotion.discount) if promotion else money(0), "payment": payment, "ratio": ratio,
        "code_unknown": bool(code) and promotion is None,
    }


def _quotation(request, vehicle, qid):
    qs = selectors.quotation_list_for_user(user=request.user, filters={"vehicle": vehicle.pk}).prefetch_related(
        "plans__items")
    return qs.filter(pk=selectors.parse_uuid(qid)).first() if selectors.parse_uuid(qid) else qs.first()


@login_required
@domain_error_page
def vehicle_detail(request, vehicle_id):
    """A vehicle: its quotations, a plan order from one of them, a driver order, and its orders."""
    vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id)
    quotations = selectors.quotation_list_for_user(user=request.user, filters={"vehicle": vehicle.pk}).prefetch_related(
        "plans__items")
    drivers = selectors.driver_list_for_user(user=request.user)
    driver_form = DriverOrderForm(request.POST if request.POST.get("place") == "driver" else None, drivers=drivers)
    if request.method == "POST" and request.POST.get("place") == "plan":
        quotation = _quotation(request, vehicle, request.POST.get("qid"))
        totals = _totals(quotation, set(request.POST.getlist("piid")), request.POST.get("code", "").strip())
        expect = request.POST.get("expect_date") or ""
        ok, order = call_service(
            request, plan_order_place, buyer=request.user, vid=str(vehicle.pk), plans=totals["plans"],
            qid=str(quotation.pk) if quotation else None,
            pmid=str(totals["promotion"].pk) if totals["promotion"] else (request.POST.get("code") or None),
            service_ratio=str(totals["ratio"]), summary=str(totals["summary"]), payment=str(totals["payment"]),
            expect_at=f"{expect}T09:00:00+08:00" if expect else None, success=_("Plan order placed."),
        )
        if ok:
            return redirect("order-detail", order_id=order.pk)
    if request.method == "POST" and request.POST.get("place") == "driver" and driver_form.is_valid():
        data = driver_form.cleaned_data
        ok, order = call_service(request, driver_order_place, form=driver_form, buyer=request.user,
                                 vid=str(vehicle.pk), dids=data["drivers"], summary=str(data["summary"]),
                                 payment=str(data["payment"]), success=_("Driver order placed."))
        if ok:
            return redirect("order-detail", order_id=order.pk)
    return render(request, "orders/vehicle_detail.html", {
        "vehicle": vehicle, "quotations": quotations, "driver_form": driver_form, "ratio": service_ratio(),
        "orders": selectors.order_list_for_user_id(user_id=request.user.pk).filter(vehicle=vehicle)[:20],
    })


@login_required
@domain_error_page
def plan_total(request, vehicle_id):
    """The server's totals for the picked plan items and promotion code (the plan form shows them live)."""
    vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id)
    quotation = _quotation(request, vehicle, request.GET.get("qid"))
    totals = _totals(quotation, set(request.GET.getlist("piid")), request.GET.get("code", "").strip())
    return JsonResponse({key: str(totals[key]) for key in ("summary", "fee", "discount", "payment")}
                        | {"code_unknown": totals["code_unknown"]})


@login_required
@domain_error_page
def sale_order_page(request, vehicle_id, quotation_id):
    """Buy plan items of a vehicle's quotation outright (seed 002 sale order): catalog prices, no fee."""
    vehicle = selectors.vehicle_get_for_user(user=request.user, vehicle_id=vehicle_id)
    quotation = _quotation(request, vehicle, str(quotation_id))
    if quotation is None or str(quotation.pk) != str(quotation_id):
        raise NotFound(_("Quotation not found."))
    items = {piid: price for plan in _picked(quotation, set(request.POST.getlist("piid"))).values()
             for piid, price in plan.items()}
    if request.method == "POST" and not items:  # said plainly here (the service's message names its argument)
        messages.error(request, _("At least one plan item is required."))
    elif request.method == "POST":
        total = str(money(sum((Decimal(price) for price in items.values()), Decimal(0))))
        ok, order = call_service(request, sale_order_place, buyer=request.user, vid=str(vehicle.pk),
                                 qid=str(quotation.pk), items=items, summary=total, payment=total,
                                 success=_("Sale order placed."))
        if ok:
            return redirect("order-detail", order_id=order.pk)
    return render(request, "orders/sale_order_form.html", {"vehicle": vehicle, "quotation": quotation})
