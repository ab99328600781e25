"""Merchant products (seed 004 §2.4 `merchants/products`): approved merchants publish, edit, unpublish."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import NotFound, PermissionDenied, ValidationFailed
from merchants.models import Merchant, Product
from merchants.services.merchants import approved_merchant_for

EDITABLE_FIELDS = ("name", "description", "price", "image_url", "category", "status")


def _check_price(price) -> None:
    if price is not None and price <= 0:
        raise ValidationFailed(_("The price must be positive."), data={"price": [_("Must be positive.")]})


@transaction.atomic
def product_create(*, user: User, name: str, price: Decimal, description: str = "", image_url: str = "",
                   category: str = "", status: str = Product.Status.AVAILABLE) -> Product:
    """Publish a product; only approved merchants may."""
    merchant = approved_merchant_for(user=user)
    _check_price(price)
    return Product.objects.create(merchant=merchant, name=name, description=description, price=price,
                                  image_url=image_url, category=category, status=status)


def _own_product_lock(*, product_id: int, user: User) -> Product:
    # A user without a merchant profile is refused (403) like on every merchants/ call; another merchant's
    # product is answered like a missing one (404): merchants/products is "mine".
    if not Merchant.objects.filter(user=user).exists():
        raise PermissionDenied(_("You have no merchant profile."))
    product = Product.objects.select_for_update().filter(pk=product_id, merchant__user=user).first()
    if product is None:
        raise NotFound(_("Product not found."))
    return product


@transaction.atomic
def product_update(*, product_id: int, user: User, data: dict) -> Product:
    """Edit the given fields of one of the merchant's products (an approved merchant only)."""
    product = _own_product_lock(product_id=product_id, user=user)
    approved_merchant_for(user=user)
    _check_price(data.get("price"))
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.save()
    return product


@transaction.atomic
def product_unpublish(*, product_id: int, user: User) -> Product:
    """Take one of the merchant's products off sale (kept, since orders refer to it)."""
    product = _own_product_lock(product_id=product_id, user=user)
    product.status = Product.Status.UNAVAILABLE
    product.save(update_fields=["status", "updated_at"])
    return product
