"""Merchant onboarding (DESIGN §3.5): register → pending → approved | rejected, approved ⇄ suspended.
Every step writes a MerchantEvent and tells the owner through a stored system notice."""

from typing import Annotated

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import has_staff_perm, require_perm
from chat.notices import notice_text
from chat.notify import close_user_sockets
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, PermissionDenied, transition_not_allowed
from merchants.events import (
    merchant_approved_event,
    merchant_registered_event,
    merchant_reinstated_event,
    merchant_rejected_event,
    merchant_resubmitted_event,
    merchant_suspended_event,
)
from merchants.models import Merchant

REVIEW_PERMISSION = "merchant:review"
REGISTER_FIELDS = (
    "merchant_type", "business_name", "business_license", "contact_person", "contact_phone", "address",
    "description",
)


def merchant_lock(merchant_id) -> Merchant:
    """Lock one merchant row for the rest of the transaction."""
    try:
        return Merchant.objects.select_for_update().get(pk=merchant_id)
    except (Merchant.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Merchant not found.")) from None


def _tell_owner(merchant: Merchant, content: str, event: str, **data) -> None:
    system_notice_send(
        recipient_id=merchant.user_id, content=content,
        data={"event": event, "merchant_id": merchant.pk, "status": merchant.status, **data},
    )


@transaction.atomic
def merchant_register(*, user: User, data: Annotated[dict, "seed-004 merchant fields"]) -> Merchant:
    """Create the user's merchant profile as pending review (or resubmit a rejected one)."""
    user = User.objects.select_for_update().get(pk=user.pk)  # one profile per user, even under a double submit
    existing = Merchant.objects.select_for_update().filter(user=user).first()
    if existing is not None:
        if existing.status != Merchant.Status.REJECTED:
            raise Conflict(
                _("You already have a merchant profile (%(status)s).") % {"status": existing.status},
                data={"status": existing.status, "id": existing.pk},
            )
        merchant, from_state = existing, existing.status
        for field in REGISTER_FIELDS:
            setattr(merchant, field, data.get(field, "") or "")
        merchant.resubmit()
        event = "resubmitted"
    else:
        merchant = Merchant(user=user, **{f: data.get(f, "") or "" for f in REGISTER_FIELDS})
        from_state = ""
        event = "registered"
    merchant.save()
    if from_state:
        merchant_resubmitted_event(merchant=merchant, actor=user, from_state=from_state)
    else:
        merchant_registered_event(merchant=merchant, actor=user)
    _tell_owner(merchant, notice_text(gettext_noop("Your merchant application \"%(name)s\" was received and is waiting for review."), name=merchant.business_name), f"merchant_{event}")
    return merchant


def _review(*, merchant_id, actor: User, action: str, reason: str = "") -> tuple[Merchant, str]:
    """Lock the merchant, check the reviewer and run `action`; the caller holds the transaction."""
    require_perm(actor, REVIEW_PERMISSION)
    merchant = merchant_lock(merchant_id)
    method = getattr(merchant, action)
    if not can_proceed(method):
        raise transition_not_allowed(merchant, action, field="status")
    from_state = merchant.status
    if action == "reject":
        method(reason=reason)
    else:
        method()
    merchant.save()
    return merchant, from_state


@transaction.atomic
def merchant_approve(*, merchant_id: int, actor: User) -> Merchant:
    """Approve a pending merchant so it can sell."""
    merchant, from_state = _review(merchant_id=merchant_id, actor=actor, action="approve")
    merchant_approved_event(merchant=merchant, actor=actor, from_state=from_state)
    _tell_owner(merchant, notice_text(gettext_noop("Your merchant account \"%(name)s\" was approved; you can start selling."), name=merchant.business_name), "merchant_approved")
    return merchant


@transaction.atomic
def merchant_reject(*, merchant_id: int, actor: User, reason: str) -> Merchant:
    """Reject a pending merchant with a reason the applicant sees."""
    merchant, from_state = _review(merchant_id=merchant_id, actor=actor, action="reject", reason=reason)
    merchant_rejected_event(merchant=merchant, actor=actor, from_state=from_state, reason=reason)
    _tell_owner(merchant, notice_text(gettext_noop("Your merchant application \"%(name)s\" was rejected: %(reason)s"), name=merchant.business_name, reason=reason), "merchant_rejected", reason=reason)
    return merchant


@transaction.atomic
def merchant_suspend(*, merchant_id: int, actor: User, reason: str = "") -> Merchant:
    """Suspend an approved merchant: it stops selling and its owner's sockets close."""
    merchant, from_state = _review(merchant_id=merchant_id, actor=actor, action="suspend")
    merchant_suspended_event(merchant=merchant, actor=actor, from_state=from_state, reason=reason)
    _tell_owner(merchant, notice_text(gettext_noop("Your merchant account \"%(name)s\" was suspended. %(reason)s"), name=merchant.business_name, reason=reason), "merchant_suspended", reason=reason)
    # After the notice is stored (and pushed first, on commit), so the owner finds it when they reconnect.
    close_user_sockets(merchant.user_id, code=4003)
    return merchant


@transaction.atomic
def merchant_reinstate(*, merchant_id: int, actor: User) -> Merchant:
    """Reinstate a suspended merchant so it can sell again."""
    merchant, from_state = _review(merchant_id=merchant_id, actor=actor, action="reinstate")
    merchant_reinstated_event(merchant=merchant, actor=actor, from_state=from_state)
    _tell_owner(merchant, notice_text(gettext_noop("Your merchant account \"%(name)s\" was reinstated."), name=merchant.business_name), "merchant_reinstated")
    return merchant


def approved_merchant_for(*, user: User, merchant_type: str | None = None) -> Merchant:
    """The user's merchant profile if it may sell now (approved), optionally of one type; else 403."""
    merchant = Merchant.objects.filter(user=user).first()
    if merchant is None or not merchant.can_sell:
        raise PermissionDenied(_("Only approved merchants can do this."))
    if merchant_type is not None and merchant.merchant_type != merchant_type:
        raise PermissionDenied(
            _("Only %(type)s merchants can do this.") % {"type": Merchant.Type(merchant_type).label}
        )
    return merchant


def acts_for_merchant(*, user: User, merchant_id: int) -> bool:
    """True for the merchant's own user and for staff holding community:manage (DESIGN §9: is_staff alone
    grants nothing)."""
    if has_staff_perm(user, "community:manage"):
        return True
    return Merchant.objects.filter(pk=merchant_id, user=user).exists()
