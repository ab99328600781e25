"""Event rows of the merchants app (STYLE rule 4): one named helper per event type, called by the services
only. Each records the row's state after the change as `to_state`."""

from merchants.models import (
    Merchant,
    MerchantApplication,
    MerchantApplicationEvent,
    MerchantEvent,
    Product,
    ProductEvent,
    SuccessCase,
    SuccessCaseEvent,
)


# --- merchants ------------------------------------------------------------------------------------------
def _merchant_event(*, merchant: Merchant, actor, type: str, from_state: str, reason: str = "",
                    data: dict | None = None) -> MerchantEvent:
    return MerchantEvent.objects.create(merchant=merchant, actor=actor, type=type, from_state=from_state,
                                        to_state=merchant.status, reason=reason[:50], data=data or {})


def merchant_registered_event(*, merchant: Merchant, actor, data: dict | None = None) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="registered", from_state="", data=data)


def merchant_resubmitted_event(*, merchant: Merchant, actor, from_state: str) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="resubmitted", from_state=from_state)


def merchant_approved_event(*, merchant: Merchant, actor, from_state: str) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="approved", from_state=from_state)


def merchant_rejected_event(*, merchant: Merchant, actor, from_state: str, reason: str) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="rejected", from_state=from_state,
                           reason="rejected", data={"reason": reason})


def merchant_suspended_event(*, merchant: Merchant, actor, from_state: str, reason: str) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="suspended", from_state=from_state,
                           data={"reason": reason})


def merchant_reinstated_event(*, merchant: Merchant, actor, from_state: str) -> MerchantEvent:
    return _merchant_event(merchant=merchant, actor=actor, type="reinstated", from_state=from_state)


# --- products -------------------------------------------------------------------------------------------
def product_created_event(*, product: Product, actor) -> ProductEvent:
    return ProductEvent.objects.create(product=product, actor=actor, type="created", to_state=product.status)


def product_status_event(*, product: Product, actor, from_state: str) -> ProductEvent:
    """`published` or `unpublished`, named by the state the product reached."""
    type = "published" if product.status == Product.Status.AVAILABLE else "unpublished"
    return ProductEvent.objects.create(product=product, actor=actor, type=type, from_state=from_state,
                                       to_state=product.status)


# --- website applications -------------------------------------------------------------------------------
def application_submitted_event(*, application: MerchantApplication) -> MerchantApplicationEvent:
    return MerchantApplicationEvent.objects.create(
        application=application, actor=None, type="submitted", to_state=application.status
    )


def application_converted_event(*, application: MerchantApplication, actor, from_state: str, merchant_id: int,
                                user_id: int) -> MerchantApplicationEvent:
    return MerchantApplicationEvent.objects.create(
        application=application, actor=actor, type="converted", from_state=from_state, to_state=application.status,
        data={"merchant_id": merchant_id, "user_id": user_id},
    )


def application_rejected_event(*, application: MerchantApplication, actor, from_state: str,
                               reason: str) -> MerchantApplicationEvent:
    return MerchantApplicationEvent.objects.create(
        application=application, actor=actor, type="rejected", from_state=from_state, to_state=application.status,
        reason="rejected", data={"reason": reason},
    )


# --- success cases --------------------------------------------------------------------------------------
def case_created_event(*, case: SuccessCase, actor) -> SuccessCaseEvent:
    return SuccessCaseEvent.objects.create(case=case, actor=actor, type="created", to_state=case.state)


# The event type of each case transition.
CASE_EVENT_TYPES = {"submit": "submitted", "publish": "published", "send_back": "sent_back",
                    "unpublish": "unpublished"}


def case_moved_event(*, case: SuccessCase, actor, action: str, from_state: str) -> SuccessCaseEvent:
    return SuccessCaseEvent.objects.create(case=case, actor=actor, type=CASE_EVENT_TYPES[action],
                                           from_state=from_state, to_state=case.state)
