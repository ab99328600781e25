"""Merchant pages: my merchant profile (apply, status, products), product forms, the shop."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from merchants import selectors
from merchants.forms import BuyForm, MerchantApplyForm, ProductForm
from merchants.services import merchants as merchant_services
from merchants.services import products as product_services


@login_required
def merchant_home(request):
    """My merchant profile: apply (or re-apply after a rejection), see the review status, reach my products
    and incoming orders."""
    merchant = selectors.merchant_for_user(user=request.user)
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
        products = selectors.product_list_for_merchant(merchant=merchant)[:MERCHANT_PRODUCTS_SHOWN]
    return render(request, "marketplace/merchant.html", {
        "merchant": merchant, "form": form, "products": products,
    })


MERCHANT_PRODUCTS_SHOWN = 100


@login_required
def product_create(request):
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, _product = call_service(request, product_services.product_create, form=form, user=request.user,
                                    success=_("Product published."), **form.cleaned_data)
        if ok:
            return redirect("merchant")
    return render(request, "marketplace/product_form.html", {"form": form, "creating": True})


@login_required
@domain_error_page
def product_edit(request, product_id: int):
    merchant = selectors.merchant_for_user(user=request.user)
    product = merchant and selectors.product_list_for_merchant(merchant=merchant).filter(pk=product_id).first()
    if not product:
        raise NotFound(_("Product not found."))
    form = ProductForm.for_product(product, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, _product = call_service(request, product_services.product_update, form=form, product_id=product.pk,
                                    user=request.user, data=form.cleaned_data, success=_("Product saved."))
        if ok:
            return redirect("merchant")
    return render(request, "marketplace/product_form.html", {"form": form, "product": product, "creating": False})


SHOP_PAGE_SIZE = 24


@domain_error_page
def shop(request):
    """Products anyone may buy; buying places a product order and goes to its page (pay from there)."""
    products = selectors.product_list_public(filters=request.GET).select_related("merchant")
    page = Paginator(products, SHOP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/shop.html", {"page": page, "products": page.object_list, "form": BuyForm()})
