"""Website content (seed 004 官网): anonymous merchant applications that staff convert into merchant
accounts, and success cases moving draft → in_review → published."""

import re
from typing import Annotated

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from accounts.models import User
from accounts.permissions import require_perm
from chat.notices import notice_text
from chat.services import system_notice_send
from common.errors import Conflict, NotFound, ValidationFailed, transition_not_allowed
from common.throttle import action_throttle
from merchants.events import (
    application_converted_event,
    application_rejected_event,
    application_submitted_event,
    case_created_event,
    case_moved_event,
    merchant_approved_event,
    merchant_registered_event,
)
from merchants.models import Merchant, MerchantApplication, SuccessCase
from merchants.services.merchants import REVIEW_PERMISSION

APPLICATION_FIELDS = ("business_name", "merchant_type", "contact_person", "contact_phone", "email", "description")
CASE_FIELDS = ("title", "description", "image_url", "merchant")


def _locked(model, pk, message):
    try:
        return model.objects.select_for_update().get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(message) from None


@transaction.atomic
def application_submit(*, data: Annotated[dict, "seed-004 apply fields"], ip_address: str | None = None
                       ) -> MerchantApplication:
    """Store an anonymous website application to become a merchant."""
    action_throttle(scope="apply", ident=ip_address or "unknown")  # per address, API and site page alike
    application = MerchantApplication.objects.create(
        ip_address=ip_address, **{f: data.get(f) or "" for f in APPLICATION_FIELDS}
    )
    application_submitted_event(application=application)
    return application


def _unique_username(base: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", base)[:140] or "merchant"
    if len(base) < 3:
        base = f"merchant_{base}"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _account_for(application: MerchantApplication, username: str | None) -> User:
    """The user who will own the merchant: the named one, else the one with the applicant's email or
    phone, else a new account without a usable password (the owner sets one through password reset)."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ValidationFailed(_("No user named %(username)s.") % {"username": username},
                                   data={"username": [_("No such user.")]})
        return user
    if application.email:
        user = User.objects.filter(email__iexact=application.email).first()
        if user is not None:
            return user
    user = User.objects.filter(phone=application.contact_phone).first()
    if user is not None:
        return user
    user = User(
        username=_unique_username(application.email.split("@")[0] if application.email else application.contact_phone),
        email=application.email or None, phone=application.contact_phone or None,
        nickname=application.contact_person[:50],
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def application_convert(*, application_id: int, actor: User, merchant_type: str | None = None,
                        username: str | None = None) -> MerchantApplication:
    """Turn a pending application into an approved merchant account (merchant:review)."""
    require_perm(actor, REVIEW_PERMISSION)
    application = _locked(MerchantApplication, application_id, _("Application not found."))
    if not can_proceed(application.convert):
        raise transition_not_allowed(application, "convert", field="status")
    merchant_type = merchant_type or application.merchant_type
    if merchant_type not in Merchant.Type.values:
        raise ValidationFailed(_("Choose the merchant type."), data={"merchant_type": [_("This field is required.")]})
    owner = User.objects.select_for_update().get(pk=_account_for(application, username).pk)
    if Merchant.objects.filter(user=owner).exists():
        raise Conflict(_("%(username)s already has a merchant profile.") % {"username": owner.username},
                       data={"username": owner.username})
    merchant = Merchant(
        user=owner, merchant_type=merchant_type, business_name=application.business_name,
        contact_person=application.contact_person, contact_phone=application.contact_phone,
        description=application.description,
    )
    merchant.save()
    merchant_registered_event(merchant=merchant, actor=actor, data={"application_id": application.pk})
    # Converting is the review: the staff member has checked the application, so the account is approved.
    merchant.approve()
    merchant.save()
    merchant_approved_event(merchant=merchant, actor=actor, from_state=Merchant.Status.PENDING)
    from_state = application.status
    application.convert(merchant=merchant, by=actor, at=timezone.now())
    application.save()
    application_converted_event(application=application, actor=actor, from_state=from_state,
                                merchant_id=merchant.pk, user_id=owner.pk)
    system_notice_send(
        recipient_id=owner.pk,
        content=notice_text(gettext_noop("Your application \"%(name)s\" was accepted: your merchant account is ready."), name=merchant.business_name),
        data={"event": "merchant_approved", "merchant_id": merchant.pk, "status": merchant.status},
    )
    return application


@transaction.atomic
def application_reject(*, application_id: int, actor: User, reason: str) -> MerchantApplication:
    """Decline a pending website application (merchant:review)."""
    require_perm(actor, REVIEW_PERMISSION)
    application = _locked(MerchantApplication, application_id, _("Application not found."))
    if not can_proceed(application.reject):
        raise transition_not_allowed(application, "reject", field="status")
    from_state = application.status
    application.reject(reason=reason, by=actor, at=timezone.now())
    application.save()
    application_rejected_event(application=application, actor=actor, from_state=from_state, reason=reason)
    return application


# --- Success cases ------------------------------------------------------------------------------------------

@transaction.atomic
def case_create(*, actor: User, data: Annotated[dict, "title, description, image_url, merchant"]) -> SuccessCase:
    """Write a new success case as a draft (content:review)."""
    require_perm(actor, "content:review")
    case = SuccessCase.objects.create(created_by=actor, **{f: data[f] for f in CASE_FIELDS if f in data})
    case_created_event(case=case, actor=actor)
    return case


# action → permission. Reviewers prepare and submit; publishers publish, send back, unpublish.
CASE_ACTIONS = {
    "submit": "content:review",
    "publish": "content:publish",
    "send_back": "content:publish",
    "unpublish": "content:publish",
}


@transaction.atomic
def case_transition(*, case_id: int, actor: User, action: str) -> SuccessCase:
    """Move a success case one step along draft → in_review → published (or back)."""
    permission = CASE_ACTIONS[action]
    require_perm(actor, permission)
    case = _locked(SuccessCase, case_id, _("Case not found."))
    method = getattr(case, action)
    if not can_proceed(method):
        raise transition_not_allowed(case, action.replace("_", " "))
    from_state = case.state
    if action == "publish":
        method(at=timezone.now())
    else:
        method()
    case.save()
    case_moved_event(case=case, actor=actor, action=action, from_state=from_state)
    return case


def case_submit(*, case_id: int, actor: User) -> SuccessCase:
    """Send a draft case to review (content:review)."""
    return case_transition(case_id=case_id, actor=actor, action="submit")


def case_publish(*, case_id: int, actor: User) -> SuccessCase:
    """Publish a reviewed case on the website (content:publish)."""
    return case_transition(case_id=case_id, actor=actor, action="publish")
