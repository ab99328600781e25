"""Merchant products (seed 004 §2.4 `merchants/products`): approved merchants publish, edit, unpublish."""

import uuid
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import User
from common.errors import NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from common.uploads import image_upload_check
from merchants.events import product_created_event, product_status_event
from merchants.models import Merchant, Product
from merchants.services.merchants import approved_merchant_for

EDITABLE_FIELDS = ("name", "description", "price", "image_url", "category")


def _check_price(price) -> None:
    if price is not None and price <= 0:
        raise ValidationFailed(_("The price must be positive."), data={"price": [_("Must be positive.")]})


def _stored_image(upload) -> str:
    """Check an uploaded product picture like item images, keep it under media/products/, answer its URL."""
    extension, _content_type = image_upload_check(upload, field="image")
    path = default_storage.save(f"products/{uuid.uuid4().hex}.{extension}", upload)
    return default_storage.url(path)


@transaction.atomic
def product_create(*, user: User, name: str, price: Decimal, description: str = "", image_url: str = "",
                   category: str = "", status: str = Product.Status.AVAILABLE, image=None) -> Product:
    """Publish a product; only approved merchants may. An uploaded `image` replaces `image_url`."""
    merchant = approved_merchant_for(user=user)
    _check_price(price)
    if image:
        image_url = _stored_image(image)
    product = Product.objects.create(merchant=merchant, name=name, description=description, price=price,
                                     image_url=image_url, category=category, status=status)
    product_created_event(product=product, actor=user)
    return product


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
    if data.get("image"):
        data = {**data, "image_url": _stored_image(data["image"])}
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    product.save()
    if data.get("status", product.status) != product.status:
        _product_move(product=product, actor=user, transition=STATUS_TRANSITIONS[data["status"]])
    return product


# The transition that reaches each status (a merchant edits `status`; the machine moves it).
STATUS_TRANSITIONS = {Product.Status.AVAILABLE: "publish", Product.Status.UNAVAILABLE: "unpublish"}


def _product_move(*, product: Product, actor: User, transition: str) -> None:
    """Run one transition of a locked product, save it and write its one event row."""
    method = getattr(product, transition)
    if not can_proceed(method):
        raise transition_not_allowed(product, transition, field="status")
    from_state = product.status
    method()
    product.save()
    product_status_event(product=product, actor=actor, from_state=from_state)


@transaction.atomic
def product_unpublish(*, product_id: int, user: User) -> Product:
    """Take one of the merchant's products off sale (kept, since orders refer to it)."""
    product = _own_product_lock(product_id=product_id, user=user)
    if product.status != Product.Status.UNAVAILABLE:
        _product_move(product=product, actor=user, transition="unpublish")
    return product
