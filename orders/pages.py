"""Order pages: my orders (as buyer and as merchant), one order with its actions — live for exchange orders,
whose amount/rate changes and payment steps arrive over the socket — and opening an exchange order.

Thin like every page: reads through orders.selectors, writes through orders.services. (orders/views.py holds
the payment sandbox's own page.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from merchants.forms import BuyForm
from merchants.models import Merchant
from orders import page_sections, page_text, selectors, services
from orders.forms import AmountForm, ExchangeOrderForm, RateForm, ReviewForm
from orders.models import Order
from orders.services import product_order_place

ORDERS_PAGE_SIZE = 20


@login_required
@domain_error_page
def my_orders(request):
    orders = selectors.order_list_filtered(user_id=request.user.pk, filters=request.GET).select_related("buyer")
    role = request.GET.get("role") or None  # valid: OrderFilter answered a 400 page otherwise
    page = Paginator(orders, ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orders/my_orders.html", {
        "page": page, "orders": page.object_list, "role": role, "query": f"role={role}" if role else "",
    })


@login_required
@domain_error_page
def order_detail(request, order_id):
    order = selectors.order_get_for_user(user=request.user, ref=order_id,
                                         queryset=selectors.order_detail_queryset().select_related("buyer"))
    is_buyer = order.buyer_id == request.user.pk
    is_merchant = order.merchant_id is not None and order.merchant.user_id == request.user.pk
    is_open_exchange = order.kind == Order.Kind.EXCHANGE and order.state == Order.State.OPEN
    return render(request, "orders/order_detail.html", {
        "order": order, "is_buyer": is_buyer, "is_merchant": is_merchant,
        "actions": services.available_actions(order=order, user=request.user),
        "timeline": page_text.timeline(selectors.order_events(order=order).select_related("actor")),
        "lines": [(page_text.line_name(line), line) for line in order.items.all()],
        "total_parts": page_text.total_parts(order),
        "sections": page_sections.order_sections(order=order, user=request.user),
        "live_payment": selectors.live_payment(order=order) if is_buyer else None,
        "review": selectors.review_list().filter(order=order).first() if order.merchant_id else None,
        "review_form": ReviewForm() if is_buyer and order.merchant_id and order.state == Order.State.COMPLETED else None,
        "amount_form": AmountForm(initial={"amount": order.exchange_ext.amount}) if is_open_exchange and is_buyer else None,
        "rate_form": RateForm(initial={"rate": order.exchange_ext.rate.normalize()}) if is_open_exchange and is_merchant else None,
    })


ORDER_ACTION_MESSAGES = {
    "cancel": gettext_lazy("Order cancelled."), "confirm": gettext_lazy("Receipt confirmed."),
    "refund": gettext_lazy("Order refunded."), "userpay": gettext_lazy("Marked as paid."),
    "usertransfer": gettext_lazy("Marked as transferred."), "merchantpay": gettext_lazy("Marked as paid."),
    "merchanttransfer": gettext_lazy("Marked as transferred."),
}


@require_POST
@login_required
@domain_error_page
def order_action(request, order_id, action: str):
    order = selectors.order_get_for_user(user=request.user, ref=order_id)
    if action not in services.ACTION_NAMES:
        raise NotFound(_("Unknown action."))
    ok, result = call_service(request, services.order_action, order=order, user=request.user, action=action,
                              success=str(ORDER_ACTION_MESSAGES.get(action, "")) or None)
    if ok and action == "pay" and getattr(result, "pay_url", None):
        return redirect(result.pay_url)  # the gateway's page; it calls our webhook back
    return redirect("order-detail", order_id=order.pk)


@require_POST
@login_required
@domain_error_page
def order_change(request, order_id, field: str):
    """Change the amount (the user) or the rate (the merchant) of an open exchange order."""
    order = selectors.order_get_for_user(user=request.user, ref=order_id)
    form_class, service = {
        "amount": (AmountForm, services.exchange_amount_change), "rate": (RateForm, services.exchange_rate_change),
    }.get(field, (None, None))
    if form_class is None:
        raise NotFound()
    form = form_class(request.POST)
    if form.is_valid():
        call_service(request, service, order_id=order.pk, actor=request.user, success=_("Saved."),
                     **{field: form.cleaned_data[field]})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("order-detail", order_id=order.pk)


@login_required
def exchange_new(request):
    merchants = Merchant.objects.filter(status=Merchant.Status.APPROVED).exclude(user=request.user).order_by(
        "business_name")
    form = ExchangeOrderForm(request.POST or None, merchants=merchants,
                             initial={"merchant": request.GET.get("merchant")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, order = call_service(
            request, services.exchange_order_place, form=form, buyer=request.user, merchant_id=data["merchant"],
            direction=data["direction"], amount=data["amount"], rate=data["rate"],
            success=_("Exchange order opened."),
        )
        if ok:
            return redirect("order-detail", order_id=order.pk)
    return render(request, "orders/exchange_new.html", {"form": form})


@require_POST
@login_required
def product_buy(request, product_id: int):
    form = BuyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity from 1 to 999."))
        return redirect("shop")
    ok, order = call_service(request, product_order_place, buyer=request.user,
                             items=[{"product": product_id, "quantity": form.cleaned_data["quantity"]}],
                             success=_("Order placed. Pay within the time limit."))
    return redirect("order-detail", order_id=order.pk) if ok else redirect("shop")
