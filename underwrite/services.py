"""Every write of the underwrite workflow (DESIGN §3.4, §8): lock, transition, save, one event row, the
order's side effect, the buyer's notice and the cache write after commit.

Lock order: the order, then its underwrite (the same order the orders app uses for order rows)."""

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from chat.notices import notice_text
from chat.services import Notice, messages_send, system_notice_send
from common.errors import Conflict, NotFound, Stale, ValidationFailed, transition_not_allowed
from common.uploads import image_upload_check
from orders.events import order_event_record
from orders.models import Order, PlanOrderExt
from orders.services import order_transition_apply
from underwrite import cache, events, selectors
from underwrite.models import Underwrite, UnderwritePhoto, UnderwriteProblem
from underwrite.permissions import is_operator, require_operator, require_reviewer
from underwrite.serializers import format_instant, underwrite_data

User = get_user_model()

REMINDER_BATCH_SIZE = 100


# --- locks -------------------------------------------------------------------------------------------------
def order_lock(order_id) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)


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


# --- helpers -----------------------------------------------------------------------------------------------
def _later_than(previous: datetime | None) -> datetime:
    """Now, but strictly after `previous`: an update time must change on every write, or a client holding
    the old time could overwrite a change it has not seen."""
    now = timezone.now()
    if previous is not None and now <= previous:
        now = previous + timedelta(microseconds=1)
    return now


def _require_fresh(*, field: str, label: str, value, stored_time: datetime | None, last_seen: datetime | None):
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


def _operator_resolve(value, *, default) -> User:
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


def _cache_on_commit(underwrite: Underwrite) -> None:
    """Queue the cache write of the underwrite's answer, read inside the transaction that changed it."""
    if cache.enabled():
        cache.underwrite_store_on_commit(underwrite_data(selectors.underwrite_get(underwrite.pk)))


def _tell_buyer(*, order: Order, underwrite: Underwrite, event: str, content: str) -> None:
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
def _order_move(*, order: Order, underwrite: Underwrite, actor, transition_name: str) -> None:
    """Move the locked plan order through the orders service (its one transition path), recording the
    underwrite that caused it; the order's event row refreshes its cache after commit."""
    from_state = order_transition_apply(order=order, transition=transition_name)
    order_event_record(
        order=order, actor=actor, type=transition_name, from_state=from_state,
        data={"underwrite": str(underwrite.pk), "underwrite_result": underwrite.underwrite_result},
    )


# --- the nine calls' writes --------------------------------------------------------------------------------
def underwrite_create(
    *,
    actor: Annotated[User, "an underwrite operator"],
    oid: Annotated[str, "order id or order_no"],
    plan_time: datetime,
    validate_place: str,
    operator=None,
) -> Underwrite:
    """Schedule the inspection of a placed plan order and move the order to underwriting."""
    require_operator(actor)
    order_id = selectors.order_get(oid).pk
    operator_user = _operator_resolve(operator, default=actor)
    with transaction.atomic():
        order = order_lock(order_id)
        if order.kind != Order.Kind.PLAN:
            raise ValidationFailed(
                _("Only plan orders are underwritten."), data={"oid": [_("Not a plan order.")]}
            )
        if Underwrite.objects.filter(order=order).exists():
            raise Conflict(_("This order already has an underwrite."))
        quotation_id = PlanOrderExt.objects.filter(order=order).values_list("quotation_id", flat=True).first()
        if quotation_id is None:
            raise Conflict(_("This plan order has no quotation."))
        now = timezone.now()
        underwrite = Underwrite(
            order=order, quotation_id=quotation_id, operator=operator_user, plan_time=plan_time,
            validate_place=validate_place, validate_update_time=now,
        )
        _order_move(
            order=order, underwrite=underwrite, actor=actor, transition_name="underwrite_start",
        )
        underwrite.save(force_insert=True)
        events.underwrite_created_event(underwrite=underwrite, actor=actor)
        _tell_buyer(
            order=order, underwrite=underwrite, event="scheduled",
            content=notice_text(gettext_noop("The inspection of your vehicle for order %(order_no)s is scheduled at %(place)s, %(time)s."), order_no=order.order_no, place=validate_place, time=format_instant(plan_time)),
        )
        _cache_on_commit(underwrite)
    return underwrite


def underwrite_fill(
    *,
    actor: Annotated[User, "an underwrite operator"],
    underwrite_id,
    real_place: str,
    certificate_state: int,
    operator=None,
    problems: list[dict] = (),
    photos: list[str] = (),
) -> Underwrite:
    """Record the inspection: where it happened, who did it, the certificates, problems and photo URLs."""
    require_operator(actor)
    operator_user = _operator_resolve(operator, default=actor)
    with transaction.atomic():
        order = order_lock(_order_id_of(underwrite_id))
        underwrite = underwrite_lock(underwrite_id)
        if not can_proceed(underwrite.inspect):
            raise transition_not_allowed(underwrite, _("fill the inspection"))
        underwrite.inspect(
            at=_later_than(underwrite.real_update_time), real_place=real_place, operator_id=operator_user.pk,
            certificate_state=certificate_state,
        )
        underwrite.save()
        UnderwriteProblem.objects.bulk_create(
            [UnderwriteProblem(underwrite=underwrite, type=p["type"], description=p.get("description", ""))
             for p in problems]
        )
        UnderwritePhoto.objects.bulk_create(
            [UnderwritePhoto(underwrite=underwrite, photo=url, uploaded_by=actor) for url in photos]
        )
        events.underwrite_filled_event(underwrite=underwrite, actor=actor, problems=len(problems), photos=len(photos))
        _tell_buyer(
            order=order, underwrite=underwrite, event="inspected",
            content=notice_text(gettext_noop("Your vehicle for order %(order_no)s has been inspected; the result follows."), order_no=order.order_no),
        )
        _cache_on_commit(underwrite)
    return underwrite


def _result_apply(*, order: Order, underwrite: Underwrite, actor, result: str, altered: bool) -> None:
    from_state = underwrite.state
    at = _later_than(underwrite.result_update_time)
    if result == Underwrite.Result.PASSED:
        underwrite.record_pass(at=at)
        transition_name = "underwrite_pass"
        content = gettext_noop("Your order %(order_no)s passed underwriting; you can pay it now.")
    else:
        underwrite.record_fail(at=at)
        transition_name = "underwrite_fail"
        content = gettext_noop("Your order %(order_no)s did not pass underwriting.")
    underwrite.save()
    _order_move(
        order=order, underwrite=underwrite, actor=actor, transition_name=transition_name,
    )
    events.underwrite_result_event(underwrite=underwrite, actor=actor, from_state=from_state, altered=altered)
    _tell_buyer(
        order=order, underwrite=underwrite, event="result_altered" if altered else "result",
        content=notice_text(content, order_no=order.order_no),
    )
    _cache_on_commit(underwrite)


def underwrite_submit_result(
    *,
    actor: Annotated[User, "an underwrite reviewer"],
    underwrite_id,
    result: Annotated[str, "Underwrite.Result"],
    last_seen: datetime | None = None,
) -> Underwrite:
    """Submit the result of an inspected underwrite: passed → order underwritten, failed → rejected."""
    require_reviewer(actor)
    with transaction.atomic():
        order = order_lock(_order_id_of(underwrite_id))
        underwrite = underwrite_lock(underwrite_id)
        if underwrite.state != Underwrite.S.INSPECTED:
            raise transition_not_allowed(underwrite, _("submit a result"))
        _require_fresh(
            field="underwrite_result", label=_("The result"), value=underwrite.underwrite_result,
            stored_time=underwrite.result_update_time, last_seen=last_seen,
        )
        _result_apply(order=order, underwrite=underwrite, actor=actor, result=result, altered=False)
    return underwrite


def underwrite_alter_result(
    *,
    actor: Annotated[User, "an underwrite reviewer"],
    underwrite_id,
    result: Annotated[str, "Underwrite.Result"],
    last_seen: datetime | None,
) -> Underwrite:
    """Change a recorded result (order underwritten ⇄ rejected) while the order is not paid yet."""
    require_reviewer(actor)
    with transaction.atomic():
        order = order_lock(_order_id_of(underwrite_id))
        underwrite = underwrite_lock(underwrite_id)
        if underwrite.state not in (Underwrite.S.PASSED, Underwrite.S.FAILED):
            raise transition_not_allowed(underwrite, _("alter the result"))
        # Once paid (or cancelled) the result is final (DESIGN §8).
        if order.state not in (Order.S.UNDERWRITTEN, Order.S.REJECTED):
            raise transition_not_allowed(order, _("alter the underwrite result"))
        _require_fresh(
            field="underwrite_result", label=_("The result"), value=underwrite.underwrite_result,
            stored_time=underwrite.result_update_time, last_seen=last_seen,
        )
        if underwrite.underwrite_result == result:
            raise Conflict(
                _("The result is already %(result)s.") % {"result": result},
                data={"state": underwrite.state, "underwrite_result": result},
            )
        _result_apply(order=order, underwrite=underwrite, actor=actor, result=result, altered=True)
    return underwrite


def underwrite_alter_validate_place(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, validate_place: str,
    last_seen: datetime | None,
) -> Underwrite:
    """Move the appointment before the inspection; the buyer is told the new place."""
    require_operator(actor)
    with transaction.atomic():
        underwrite = underwrite_lock(underwrite_id)
        if underwrite.state != Underwrite.S.SCHEDULED:
            raise transition_not_allowed(underwrite, _("change the appointment place"))
        _require_fresh(
            field="validate_place", label=_("The appointment place"), value=underwrite.validate_place,
            stored_time=underwrite.validate_update_time, last_seen=last_seen,
        )
        old = underwrite.validate_place
        underwrite.validate_place = validate_place
        underwrite.validate_update_time = _later_than(underwrite.validate_update_time)
        underwrite.save()
        events.underwrite_field_altered_event(underwrite=underwrite, actor=actor, field="validate_place", old=old,
                                              new=validate_place)
        order = underwrite.order
        _tell_buyer(
            order=order, underwrite=underwrite, event="validate_place_altered",
            content=notice_text(gettext_noop("The inspection place for order %(order_no)s changed to %(place)s."), order_no=order.order_no, place=validate_place),
        )
        _cache_on_commit(underwrite)
    return underwrite


def underwrite_alter_real_place(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, real_place: str, last_seen: datetime | None,
) -> Underwrite:
    """Correct where the inspection really took place (after it was filled)."""
    require_operator(actor)
    with transaction.atomic():
        underwrite = underwrite_lock(underwrite_id)
        if underwrite.state == Underwrite.S.SCHEDULED:
            raise transition_not_allowed(underwrite, _("change the inspection place"))
        _require_fresh(
            field="real_place", label=_("The inspection place"), value=underwrite.real_place,
            stored_time=underwrite.real_update_time, last_seen=last_seen,
        )
        old = underwrite.real_place
        underwrite.real_place = real_place
        underwrite.real_update_time = _later_than(underwrite.real_update_time)
        underwrite.save()
        events.underwrite_field_altered_event(underwrite=underwrite, actor=actor, field="real_place", old=old,
                                              new=real_place)
        _cache_on_commit(underwrite)
    return underwrite


def underwrite_alter_note(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, note: str, last_seen: datetime | None,
) -> Underwrite:
    """Replace the operators' note."""
    require_operator(actor)
    with transaction.atomic():
        underwrite = underwrite_lock(underwrite_id)
        _require_fresh(
            field="note", label=_("The note"), value=underwrite.note, stored_time=underwrite.note_update_time,
            last_seen=last_seen,
        )
        old = underwrite.note
        underwrite.note = note
        underwrite.note_update_time = _later_than(underwrite.note_update_time)
        underwrite.save()
        events.underwrite_field_altered_event(underwrite=underwrite, actor=actor, field="note", old=old, new=note)
        _cache_on_commit(underwrite)
    return underwrite


def underwrite_add_photos(
    *,
    actor: Annotated[User, "an underwrite operator"],
    underwrite_id,
    files: list[UploadedFile] = (),
    urls: list[str] = (),
) -> list[UnderwritePhoto]:
    """Add photos (uploaded images, checked by content and size, or the seed's URLs) before the result."""
    require_operator(actor)
    if not files and not urls:
        raise ValidationFailed(_("photos: give at least one photo."), data={"photos": [_("This field is required.")]})
    checked = [(upload, *photo_file_check(upload)) for upload in files]
    with transaction.atomic():
        underwrite = underwrite_lock(underwrite_id)
        if underwrite.state not in (Underwrite.S.SCHEDULED, Underwrite.S.INSPECTED):
            raise transition_not_allowed(underwrite, _("add photos"))
        photos = []
        for upload, extension, content_type in checked:
            photo = UnderwritePhoto(underwrite=underwrite, content_type=content_type, uploaded_by=actor)
            # A random name: the client's file name is neither trusted nor kept.
            photo.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
            photo.save(force_insert=True)
            photos.append(photo)
        photos += UnderwritePhoto.objects.bulk_create(
            [UnderwritePhoto(underwrite=underwrite, photo=url, uploaded_by=actor) for url in urls]
        )
        underwrite.save(update_fields=["updated_at"])
        events.underwrite_photos_added_event(underwrite=underwrite, actor=actor, photo_ids=[p.pk for p in photos])
        _cache_on_commit(underwrite)
    return photos


def underwrite_send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind each operator once of an inspection due within UNDERWRITE_REMINDER_BEFORE seconds; one batch."""
    now = now or timezone.now()
    lead = timedelta(seconds=getattr(settings, "UNDERWRITE_REMINDER_BEFORE", 3600))
    with transaction.atomic():
        due = list(
            Underwrite.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("order")
            .filter(
                state=Underwrite.S.SCHEDULED, deleted=False, reminder_sent_at__isnull=True, operator__isnull=False,
                plan_time__gt=now, plan_time__lte=now + lead,
            )
            .order_by("plan_time", "pk")[:REMINDER_BATCH_SIZE]
        )
        if not due:
            return 0
        for underwrite in due:
            underwrite.reminder_sent_at = now
        # bulk_update leaves updated_at alone: the reminder is not a change clients see.
        Underwrite.objects.bulk_update(due, ["reminder_sent_at"])
        for underwrite in due:
            events.underwrite_reminder_event(underwrite=underwrite)
        messages_send(
            [
                Notice(
                    recipient_id=underwrite.operator_id,
                    content=notice_text(gettext_noop("Reminder: inspect the vehicle of order %(order_no)s at %(place)s, %(time)s."), order_no=underwrite.order.order_no, place=underwrite.validate_place, time=format_instant(underwrite.plan_time)),
                    order_id=underwrite.order_id,
                    data={"kind": "underwrite_reminder", "underwrite": str(underwrite.pk),
                          "plan_time": format_instant(underwrite.plan_time)},
                )
                for underwrite in due
            ]
        )
    return len(due)


def underwrite_soft_delete(*, actor: Annotated[User, "an underwrite operator"], underwrite_id) -> Underwrite:
    """Hide an underwrite (seed 002 `deleted`); its order keeps its state."""
    require_operator(actor)
    with transaction.atomic():
        underwrite = underwrite_lock(underwrite_id)
        underwrite.deleted = True
        underwrite.save(update_fields=["deleted", "updated_at"])
        events.underwrite_field_altered_event(underwrite=underwrite, actor=actor, field="deleted", old=False, new=True)
        cache.underwrite_forget_on_commit(underwrite.pk)
    return underwrite
