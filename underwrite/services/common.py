"""Shared pieces of the underwrite services: locks (the order first, then its underwrite — the order the
orders app uses for order rows), stale-write checks, the buyer's notice, the cache write after commit, and
the one way an underwrite moves its plan order (through `orders.services.order_transition`)."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.services import system_notice_send
from common.errors import NotFound, Stale, ValidationFailed
from common.uploads import image_upload_check
from orders.models import Order
from orders.services import order_lock, order_transition
from underwrite import cache, selectors
from underwrite.models import Underwrite
from underwrite.permissions import is_operator
from underwrite.serializers import format_instant, underwrite_data

User = get_user_model()


# --- locks -------------------------------------------------------------------------------------------------
def underwrite_lock(underwrite_id) -> Underwrite:
    """Lock one live underwrite; the caller must already hold its order's lock if it changes the order."""
    try:
        return Underwrite.objects.select_for_update().get(pk=underwrite_id, deleted=False)
    except (Underwrite.DoesNotExist, ValueError):
        raise NotFound(_("Underwrite not found.")) from None


def _order_id_of(underwrite_id):
    order_id = Underwrite.objects.filter(pk=underwrite_id, deleted=False).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFound(_("Underwrite not found."))
    return order_id


def underwrite_with_order_lock(underwrite_id) -> tuple[Order, Underwrite]:
    """Lock an underwrite's order, then the underwrite (the fixed order every underwrite path uses)."""
    order = order_lock(_order_id_of(underwrite_id))
    return order, underwrite_lock(underwrite_id)


# --- helpers -----------------------------------------------------------------------------------------------
def later_than(previous: datetime | None) -> datetime:
    """Now, but strictly after `previous`: an update time must change on every write, or a client holding
    the old time could overwrite a change it has not seen."""
    now = timezone.now()
    if previous is not None and now <= previous:
        now = previous + timedelta(microseconds=1)
    return now


def require_fresh(*, field: str, label: str, value, stored_time: datetime | None, last_seen: datetime | None):
    """No lost edits (DESIGN §8): the client's last-seen update time must be the stored one, unless nothing is
    stored yet. Otherwise 409 with the current value and time; nothing is changed."""
    if stored_time is None:
        return
    if last_seen is not None and last_seen == stored_time:
        return
    current_time = format_instant(stored_time)
    shown = value if value is None or len(str(value)) <= 60 else f"{str(value)[:60]}…"
    raise Stale(
        _("%(label)s was changed at %(time)s (now: %(value)s); reload and try again.")
        % {"label": label, "time": current_time, "value": shown},
        data={"field": field, "current": value, "update_time": current_time},
    )


def operator_resolve(value, *, default) -> User:
    """The seed's `operator`: a username or a user id; default the caller. It must be an operator."""
    if value is None or value == "":
        user = default
    else:
        text = str(value).strip()
        # Digits are an id (when they fit the id column); anything else is a username.
        is_id = text.isascii() and text.isdigit() and int(text) < 2**63
        lookup = {"pk": int(text)} if is_id else {"username": text}
        user = User.objects.filter(is_active=True, **lookup).first()
    if user is None or not is_operator(user):
        raise ValidationFailed(
            _("operator: %(value)s is not an underwrite operator.") % {"value": value},
            data={"operator": [_("Not an underwrite operator.")]},
        )
    return user


def cache_on_commit(underwrite: Underwrite) -> None:
    """Queue the cache write of the underwrite's answer, read inside the transaction that changed it."""
    if cache.enabled():
        cache.underwrite_store_on_commit(underwrite_data(selectors.underwrite_get(underwrite.pk)))


def tell_buyer(*, order: Order, underwrite: Underwrite, event: str, content: str) -> None:
    system_notice_send(
        recipient_id=order.buyer_id,
        content=content,
        order_id=order.pk,
        data={
            "kind": "underwrite", "event": event, "underwrite": str(underwrite.pk),
            "underwrite_state": underwrite.state, "order_state": order.state, "order_no": order.order_no,
        },
    )


def photo_file_check(upload: UploadedFile) -> tuple[str, str]:
    """Check an uploaded photo by its content (not its name) and size; answer (extension, content type)."""
    return image_upload_check(upload, field="photos")


# --- order side effects (the order's transitions, under the order lock held by the caller) ---------------
def order_move(*, order: Order, underwrite: Underwrite, actor, transition_name: str) -> None:
    """Move the locked plan order through the orders service (its one transition path: typed event row,
    order cache after commit), recording the underwrite that caused it."""
    order_transition(
        order=order, transition=transition_name, actor=actor,
        data={"underwrite": str(underwrite.pk), "underwrite_result": underwrite.underwrite_result},
    )


