"""Market pages: home, item detail with the trade actions, sell/edit, my trades. Thin: every write goes
through marketplace.services, every read through marketplace.selectors (the same ones the API uses)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page, next_url
from marketplace.forms import ItemForm
from marketplace.models import Trade
from marketplace.selectors import items as item_selectors
from marketplace.selectors import trades as trade_selectors
from marketplace.services import item_trades as item_trade_services
from marketplace.services import items as item_services
from marketplace.services import trades as trade_services

TRADES_PAGE_SIZE = 20
LISTINGS_PAGE_SIZE = 24
LISTING_TABS = {"on_sale": ("on_sale", "reserved"), "sold": ("sold",), "withdrawn": ("withdrawn",)}


@login_required
def my_listings(request):
    """The seller's own items by state (issue 16): on sale / reserved, sold, withdrawn."""
    tab = request.GET.get("tab") if request.GET.get("tab") in LISTING_TABS else "on_sale"
    filters = QueryDict(mutable=True)
    filters["seller"] = str(request.user.pk)
    filters.setlist("state", list(LISTING_TABS[tab]))
    items = item_selectors.item_list(user=request.user, filters=filters).select_related("seller")
    page = Paginator(items, LISTINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/my_listings.html", {
        "tab": tab, "page": page, "items": page.object_list, "query": f"tab={tab}",
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
    "reject-all": (item_trade_services.trade_reject_all, "actor", gettext_lazy("All wants rejected.")),
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


