"""Market pages: home, item detail with the trade actions, sell/edit, my trades. Thin: every write goes
through marketplace.services, every read through marketplace.selectors (the same ones the API uses)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page, next_url
from marketplace import selectors, services
from marketplace.forms import ItemFilterForm, ItemForm
from marketplace.models import Item, Trade

HOME_PAGE_SIZE = 12
TRADES_PAGE_SIZE = 20


def home(request):
    form = ItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.item_list(
        q=filters.get("q") or "", category=filters.get("category") or "",
        min_price=filters.get("min_price"), max_price=filters.get("max_price"),
    )
    page = Paginator(items, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "marketplace/home.html", {
        "form": form, "page": page, "items": page.object_list, "query": query.urlencode(),
        "categories": selectors.item_categories(),
    })


@domain_error_page
def item_detail(request, item_id: int):
    item = selectors.item_get(item_id=item_id, viewer=request.user)
    context = {"item": item, "is_seller": request.user.is_authenticated and item.seller_id == request.user.pk}
    if context["is_seller"]:
        context["wants"] = selectors.item_open_trades(item=item)
    elif request.user.is_authenticated:
        context["my_trade"] = selectors.item_trade_of_buyer(item=item, buyer=request.user)
    return render(request, "marketplace/item_detail.html", context)


@login_required
def item_create(request):
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, item = call_service(
            request, services.item_create, form=form, seller=request.user, images=data.pop("images"), **data,
            success=_("Your item is on sale."),
        )
        if ok:
            return redirect("item-detail", item_id=item.pk)
    return render(request, "marketplace/item_form.html", {"form": form, "creating": True})


@login_required
@domain_error_page
def item_edit(request, item_id: int):
    item = selectors.item_get(item_id=item_id, viewer=request.user)
    if item.seller_id != request.user.pk:
        raise NotFound(_("No such item of yours."))
    form = ItemForm.for_item(item, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, item = call_service(
            request, services.item_update, form=form, item=item, actor=request.user, images=data.pop("images"),
            data=data, success=_("Item saved."),
        )
        if ok:
            return redirect("item-detail", item_id=item.pk)
    return render(request, "marketplace/item_form.html", {"form": form, "item": item, "creating": False})


ITEM_ACTIONS = {
    # page action → (service, success message)
    "want": (lambda item, user: services.trade_start(item=item, buyer=user), gettext_lazy("You asked to buy this item.")),
    "withdraw": (lambda item, user: services.item_withdraw(item=item, actor=user), gettext_lazy("Item withdrawn.")),
    "relist": (lambda item, user: services.item_relist(item=item, actor=user), gettext_lazy("Item is on sale again.")),
    "reject-all": (lambda item, user: services.item_reject_all(item=item, actor=user), gettext_lazy("All wants rejected.")),
}


@require_POST
@login_required
@domain_error_page
def item_action(request, item_id: int, action: str):
    if action not in ITEM_ACTIONS:
        raise NotFound()
    item = selectors.item_get(item_id=item_id, viewer=request.user)
    service, success = ITEM_ACTIONS[action]
    call_service(request, lambda: service(item, request.user), success=str(success))
    return redirect(next_url(request, item.get_absolute_url() if hasattr(item, "get_absolute_url") else f"/items/{item.pk}/"))


TRADE_ACTIONS = {
    "accept": ("trade_accept", gettext_lazy("Trade accepted: the item is reserved for this buyer.")),
    "reject": ("trade_reject", gettext_lazy("Want rejected.")),
    "confirm": ("trade_confirm", gettext_lazy("Confirmed.")),
    "cancel": ("trade_cancel", gettext_lazy("Trade cancelled.")),
}


@require_POST
@login_required
@domain_error_page
def trade_action(request, trade_id: int, action: str):
    if action not in TRADE_ACTIONS:
        raise NotFound()
    trade = selectors.trade_get(trade_id=trade_id, user=request.user)
    service_name, success = TRADE_ACTIONS[action]
    call_service(request, getattr(services, service_name), trade=trade, actor=request.user, success=str(success))
    return redirect(next_url(request, "my-trades"))


@login_required
def my_trades(request):
    tab = "inactive" if request.GET.get("tab") == "inactive" else "active"
    states = list(Trade.INACTIVE_STATES if tab == "inactive" else Trade.ACTIVE_STATES)
    trades = selectors.trade_list_for_user(user=request.user, states=states)
    page = Paginator(trades, TRADES_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(trade, selectors.trade_actions(trade=trade, user=request.user)) for trade in page.object_list]
    return render(request, "marketplace/my_trades.html", {"tab": tab, "page": page, "rows": rows, "Item": Item})
