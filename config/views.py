"""Pages of the top layer: the home page (the market's items)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from marketplace.forms import ItemFilterForm
from marketplace.models import Item
from marketplace.selectors import items as item_selectors

HOME_PAGE_SIZE = 12


def home(request):
    form = ItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = item_selectors.item_list(user=request.user, filters={
        "q": filters.get("q") or "", "category": filters.get("category") or "",
        "price_min": filters.get("min_price"), "price_max": filters.get("max_price"),
        "state": [Item.State.ON_SALE, Item.State.RESERVED], "ordering": filters.get("sort") or "newest",
    }).select_related("seller").prefetch_related("images")
    page = Paginator(items, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "marketplace/home.html", {
        "form": form, "page": page, "items": page.object_list, "query": query.urlencode(),
    })
