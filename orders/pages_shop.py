"""Shop pages on top of the orders app (issue 16, seed 004): a product's page and a merchant's page with the
merchant's reviews and rating, and writing a review of a completed order. They live here (not in merchants)
because reviews belong to orders, above merchants in the layers. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import NotFound
from common.pages import call_service, domain_error_page
from merchants import selectors as merchant_selectors
from merchants.forms import BuyForm
from merchants.models import Merchant
from orders import selectors
from orders.forms import ReviewForm
from orders.services.reviews import review_create

REVIEWS_SHOWN = 20


def _reviews(merchant_id: int):
    return selectors.review_list(filters={"merchant": merchant_id})[:REVIEWS_SHOWN]


@domain_error_page
def product_detail(request, product_id: int):
    product = merchant_selectors.product_list_public().select_related("merchant").filter(pk=product_id).first()
    if product is None:
        raise NotFound(_("Product not found."))
    return render(request, "orders/product_detail.html", {
        "product": product, "merchant": product.merchant, "reviews": _reviews(product.merchant_id),
        "form": BuyForm(),
    })


@domain_error_page
def merchant_detail(request, merchant_id: int):
    merchant = Merchant.objects.filter(pk=merchant_id, status=Merchant.Status.APPROVED).first()
    if merchant is None:
        raise NotFound(_("Merchant not found."))
    return render(request, "orders/merchant_detail.html", {
        "merchant": merchant, "reviews": _reviews(merchant.pk),
        "products": merchant_selectors.product_list_public(filters={"merchant_id": merchant.pk})[:24],
    })


@require_POST
@login_required
@domain_error_page
def review_write(request, order_id):
    order = selectors.order_get_for_user(user=request.user, ref=order_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        call_service(request, review_create, user=request.user, order_ref=str(order.pk),
                     rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"],
                     success=_("Thank you for your review."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("order-detail", order_id=order.pk)
