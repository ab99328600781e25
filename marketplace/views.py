"""Market pages: home, item detail with the trade actions, sell/edit, my trades. Thin: every write goes
through marketplace.services, every read through marketplace.selectors (the same ones the API uses)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page, next_url
from marketplace.forms import BuyForm, ItemFilterForm, ItemForm, MerchantApplyForm, ProductForm
from marketplace.models import Item, Trade
from marketplace.selectors import community as community_selectors
from marketplace.selectors import items as item_selectors
from marketplace.selectors import merchants as merchant_selectors
from marketplace.selectors import trades as trade_selectors
from marketplace.services import items as item_services
from marketplace.services import merchants as merchant_services
from marketplace.services import products as product_services
from marketplace.services import trades as trade_services

HOME_PAGE_SIZE = 12
TRADES_PAGE_SIZE = 20


def home(request):
    form = ItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = item_selectors.item_list(
        user=request.user, q=filters.get("q") or "", category=filters.get("category") or "",
        price_min=filters.get("min_price"), price_max=filters.get("max_price"),
        states=[Item.State.ON_SALE, Item.State.RESERVED],
    ).select_related("seller")
    page = Paginator(items, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "marketplace/home.html", {
        "form": form, "page": page, "items": page.object_list, "query": query.urlencode(),
    })


@domain_error_page
def item_detail(request, item_id: int):
    item = item_selectors.item_get(item_id=item_id, user=request.user)
    is_seller = request.user.is_authenticated and item.seller_id == request.user.pk
    context = {"item": item, "is_seller": is_seller}
    if is_seller:
        context["wants"] = trade_selectors.item_wants(item_id=item.pk, user=request.user)
    elif request.user.is_authenticated:
        context["my_trade"] = (
            trade_selectors.trade_list_for_user(user=request.user, role="buyer").filter(item_id=item.pk).first()
        )
    return render(request, "marketplace/item_detail.html", context)


@login_required
def item_create(request):
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, item = call_service(
            request, item_services.item_create, form=form, seller=request.user, images=data.pop("images"), **data,
            success=_("Your item is on sale."),
        )
        if ok:
            return redirect("item-detail", item_id=item.pk)
    return render(request, "marketplace/item_form.html", {"form": form, "creating": True})


@login_required
@domain_error_page
def item_edit(request, item_id: int):
    item = item_selectors.item_get(item_id=item_id, user=request.user)
    if item.seller_id != request.user.pk:
        raise NotFound(_("Item not found."))
    form = ItemForm.for_item(item, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, item = call_service(
            request, item_services.item_update, form=form, item_id=item.pk, actor=request.user,
            images=data.pop("images"), data=data, success=_("Item saved."),
        )
        if ok:
            return redirect("item-detail", item_id=item.pk)
    return render(request, "marketplace/item_form.html", {"form": form, "item": item, "creating": False})


# page action → (service, the keyword its caller goes in, success message)
ITEM_ACTIONS = {
    "want": (trade_services.trade_start, "buyer", gettext_lazy("You asked to buy this item. The seller is told.")),
    "withdraw": (item_services.item_withdraw, "actor", gettext_lazy("Item withdrawn.")),
    "relist": (item_services.item_relist, "actor", gettext_lazy("Item is on sale again.")),
    "reject-all": (trade_services.trade_reject_all, "actor", gettext_lazy("All wants rejected.")),
}


@require_POST
@login_required
def item_action(request, item_id: int, action: str):
    if action not in ITEM_ACTIONS:
        return render(request, "error.html", {"error": NotFound()}, status=404)
    service, who, success = ITEM_ACTIONS[action]
    call_service(request, service, item_id=item_id, success=str(success), **{who: request.user})
    return redirect(next_url(request, reverse("item-detail", args=[item_id])))


TRADE_ACTIONS = {
    "accept": (trade_services.trade_accept, gettext_lazy("Accepted: the item is reserved for this buyer.")),
    "reject": (trade_services.trade_reject, gettext_lazy("Want rejected.")),
    "confirm": (trade_services.trade_confirm, gettext_lazy("Confirmed.")),
    "cancel": (trade_services.trade_cancel, gettext_lazy("Trade cancelled.")),
}


@require_POST
@login_required
def trade_action(request, trade_id: int, action: str):
    if action not in TRADE_ACTIONS:
        return render(request, "error.html", {"error": NotFound()}, status=404)
    service, success = TRADE_ACTIONS[action]
    call_service(request, service, trade_id=trade_id, actor=request.user, success=str(success))
    return redirect(next_url(request, reverse("my-trades")))


@login_required
def my_trades(request):
    tab = "inactive" if request.GET.get("tab") == "inactive" else "active"
    states = Trade.INACTIVE_STATES if tab == "inactive" else Trade.ACTIVE_STATES
    trades = trade_selectors.trade_list_for_user(user=request.user, states=list(states)).select_related(
        "buyer", "seller")
    page = Paginator(trades, TRADES_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(trade, trade_selectors.trade_actions(trade, request.user)) for trade in page.object_list]
    return render(request, "marketplace/my_trades.html", {"tab": tab, "page": page, "rows": rows})


@login_required
def merchant_home(request):
    """My merchant profile: apply (or re-apply after a rejection), see the review status, reach my products
    and incoming orders."""
    merchant = merchant_selectors.merchant_for_user(user=request.user)
    can_apply = merchant is None or merchant.status == merchant.Status.REJECTED
    form = None
    if can_apply:
        initial = {f: getattr(merchant, f) for f in MerchantApplyForm.base_fields} if merchant else None
        form = MerchantApplyForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            ok, _merchant = call_service(
                request, merchant_services.merchant_register, form=form, user=request.user, data=form.cleaned_data,
                success=_("Application sent. We will tell you when it has been reviewed."),
            )
            if ok:
                return redirect("merchant")
    products = []
    if merchant is not None and merchant.status == merchant.Status.APPROVED:
        products = community_selectors.product_list_for_merchant(merchant=merchant)[:MERCHANT_PRODUCTS_SHOWN]
    return render(request, "marketplace/merchant.html", {
        "merchant": merchant, "form": form, "products": products,
    })


MERCHANT_PRODUCTS_SHOWN = 100


@login_required
def product_create(request):
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _product = call_service(request, product_services.product_create, form=form, user=request.user,
                                    success=_("Product published."), **form.cleaned_data)
        if ok:
            return redirect("merchant")
    return render(request, "marketplace/product_form.html", {"form": form, "creating": True})


@login_required
@domain_error_page
def product_edit(request, product_id: int):
    merchant = community_selectors.merchant_of(user=request.user)
    product = merchant and community_selectors.product_list_for_merchant(merchant=merchant).filter(pk=product_id).first()
    if not product:
        raise NotFound(_("Product not found."))
    form = ProductForm.for_product(product, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _product = call_service(request, product_services.product_update, form=form, product_id=product.pk,
                                    user=request.user, data=form.cleaned_data, success=_("Product saved."))
        if ok:
            return redirect("merchant")
    return render(request, "marketplace/product_form.html", {"form": form, "product": product, "creating": False})


SHOP_PAGE_SIZE = 24


def shop(request):
    """Products anyone may buy; buying places a product order and goes to its page (pay from there)."""
    products = community_selectors.product_list_public(category=request.GET.get("category") or None).select_related(
        "merchant")
    page = Paginator(products, SHOP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/shop.html", {"page": page, "products": page.object_list, "form": BuyForm()})


@require_POST
@login_required
def product_buy(request, product_id: int):
    from orders.services import product_order_place

    form = BuyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity from 1 to 999."))
        return redirect("shop")
    ok, order = call_service(request, product_order_place, buyer=request.user,
                             items=[{"product": product_id, "quantity": form.cleaned_data["quantity"]}],
                             success=_("Order placed. Pay within the time limit."))
    return redirect("order-detail", order_id=order.pk) if ok else redirect("shop")


# --- community: animals to claim, activities to join (seed 004) ----------------------------------------
COMMUNITY_PAGE_SIZE = 24


@domain_error_page
def animals(request):
    animals = community_selectors.animal_list(species=request.GET.get("species") or None).select_related("merchant")
    page = Paginator(animals, COMMUNITY_PAGE_SIZE).get_page(request.GET.get("page"))
    claims = []
    if request.user.is_authenticated:
        claims = community_selectors.claim_list(user=request.user)[:50]
    return render(request, "marketplace/animals.html", {"page": page, "animals": page.object_list, "claims": claims})


@require_POST
@login_required
def animal_claim(request, animal_id: int):
    from decimal import Decimal, InvalidOperation

    from marketplace.services.animals import animal_claim as claim

    try:
        price_paid = Decimal(request.POST.get("price_paid", ""))
    except InvalidOperation:
        messages.error(request, _("The price is missing."))
        return redirect("animals")
    call_service(request, claim, animal_id=animal_id, user=request.user, price_paid=price_paid,
                 success=_("Claimed! You will see its updates here."))
    return redirect("animals")


def activities(request):
    activities = community_selectors.activity_list(
        activity_type=request.GET.get("type") or None).select_related("merchant")
    page = Paginator(activities, COMMUNITY_PAGE_SIZE).get_page(request.GET.get("page"))
    mine = set()
    if request.user.is_authenticated:
        from marketplace.models import ActivityRegistration

        mine = set(community_selectors.registration_list_for_user(user=request.user).filter(
            status__in=ActivityRegistration.HOLDING).values_list("activity_id", flat=True))
    return render(request, "marketplace/activities.html", {
        "page": page, "activities": page.object_list, "mine": mine,
    })


@require_POST
@login_required
def activity_action(request, activity_id: int, action: str):
    from marketplace.services.activities import activity_register, registration_cancel

    service, success = {
        "register": (activity_register, _("You are registered.")),
        "cancel": (registration_cancel, _("Registration cancelled.")),
    }.get(action, (None, None))
    if service is None:
        return render(request, "error.html", {"error": NotFound()}, status=404)
    ok, registration = call_service(request, service, activity_id=activity_id, user=request.user, success=success)
    if ok and action == "register" and registration.order_id:
        # A fee: the place is held while its order waits for payment; pay from the order's page.
        messages.info(request, _("Pay the fee to confirm your place."))
        return redirect("order-detail", order_id=registration.order_id)
    return redirect("activities")
