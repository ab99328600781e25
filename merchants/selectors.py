"""Merchant, product and website-content reads."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.errors import PermissionDenied
from common.filters import AnyOf, AnyOfChoice, FilterSet, IdFilter, filtered
from merchants.models import Merchant, MerchantApplication, Product, SuccessCase


def merchant_for_user(*, user) -> Merchant | None:
    return Merchant.objects.filter(user=user).first()


class MerchantFilter(FilterSet):
    """`GET admin/merchants`: `status` and `merchant_type` (any of)."""

    status = AnyOfChoice(field_name="status", choices=Merchant.Status.choices)
    merchant_type = AnyOfChoice(field_name="merchant_type", choices=Merchant.Type.choices)

    class Meta:
        model = Merchant
        fields = []


def merchant_list(*, filters=None) -> QuerySet[Merchant]:
    """Merchants, newest first, narrowed by MerchantFilter's `filters` (400 on bad input)."""
    queryset = Merchant.objects.select_related("user").order_by("-created_at", "-id")
    return filtered(MerchantFilter, filters or {}, queryset)


class ApplicationFilter(FilterSet):
    """`GET admin/applications`: `status` (any of)."""

    status = AnyOfChoice(field_name="status", choices=MerchantApplication.Status.choices)

    class Meta:
        model = MerchantApplication
        fields = []


def application_list(*, filters=None) -> QuerySet[MerchantApplication]:
    """Website applications, newest first, narrowed by ApplicationFilter's `filters` (400 on bad input)."""
    return filtered(ApplicationFilter, filters or {}, MerchantApplication.objects.order_by("-created_at", "-id"))


def case_public_list():
    """Published cases that staff have not taken down, newest publication first (seed `website/cases`)."""
    return (
        SuccessCase.objects.filter(state=SuccessCase.State.PUBLISHED, hidden=False)
        .only("id", "title", "description", "image_url", "created_at", "published_at")
        .order_by("-published_at", "-id")
    )


class MerchantProductFilter(FilterSet):
    """`GET merchants/products` (my products): `status` (any of)."""

    status = AnyOfChoice(field_name="status", choices=Product.Status.choices)

    class Meta:
        model = Product
        fields = []


def product_list_for_merchant(*, merchant: Merchant, filters=None) -> QuerySet[Product]:
    qs = Product.objects.filter(merchant=merchant)
    return filtered(MerchantProductFilter, filters or {}, qs).order_by("-created_at", "-id")


class ProductFilter(FilterSet):
    """`GET products` (the public shop): `merchant_id`, `category` (any of)."""

    merchant_id = IdFilter(field_name="merchant_id")
    category = AnyOf(field_name="category")

    class Meta:
        model = Product
        fields = []


def product_list_public(*, filters=None) -> QuerySet[Product]:
    """Products anyone may buy: available, not hidden by staff, from merchants that may sell; activity fees
    are bought by registering, so they are not listed. Narrowed by ProductFilter's `filters`."""
    qs = Product.objects.filter(
        status=Product.Status.AVAILABLE, hidden=False, merchant__status=Merchant.Status.APPROVED
    ).exclude(category="activity")
    return filtered(ProductFilter, filters or {}, qs).order_by("-created_at", "-id")


def merchant_required(*, user) -> Merchant:
    """The caller's merchant profile, or 403 for a user who has none."""
    merchant = merchant_for_user(user=user)
    if merchant is None:
        raise PermissionDenied(_("You have no merchant profile."))
    return merchant
