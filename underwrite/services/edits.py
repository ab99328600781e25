"""Underwrite writes that leave the order alone: the three stale-checked field edits (appointment place,
inspection place, note), photos, operator reminders and the soft delete."""

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chat.notices import notice_text
from chat.services import Notice, messages_send
from common.errors import ValidationFailed, transition_not_allowed
from underwrite import cache, events
from underwrite.models import Underwrite, UnderwritePhoto
from underwrite.permissions import require_operator
from underwrite.serializers import format_instant
from underwrite.services.common import (
    User,
    cache_on_commit,
    later_than,
    photo_file_check,
    require_fresh,
    tell_buyer,
    underwrite_lock,
)

REMINDER_BATCH_SIZE = 100


def _field_alter(
    *, actor: User, underwrite_id, field: str, value: str, last_seen: datetime | None, label: str,
    refused_in: tuple[str, ...] = (), refusal: str = "",
) -> tuple[Underwrite, str]:
    """The one skeleton of every stale-checked edit (DESIGN §8): an operator, the underwrite locked, its
    state allowed, the client's last-seen time current; then the value and its update time, one event row
    and the cache write after commit. Returns the underwrite and the old value."""
    require_operator(actor)
    underwrite = underwrite_lock(underwrite_id)
    if underwrite.state in refused_in:
        raise transition_not_allowed(underwrite, refusal)
    time_field = FIELD_TIMES[field]
    stored_time = getattr(underwrite, time_field)
    old = getattr(underwrite, field)
    require_fresh(field=field, label=label, value=old, stored_time=stored_time, last_seen=last_seen)
    setattr(underwrite, field, value)
    setattr(underwrite, time_field, later_than(stored_time))
    underwrite.save()
    events.underwrite_field_altered_event(underwrite=underwrite, actor=actor, field=field, old=old, new=value)
    cache_on_commit(underwrite)
    return underwrite, old


# Each editable field and the update time the client must have seen.
FIELD_TIMES = {"validate_place": "validate_update_time", "real_place": "real_update_time", "note": "note_update_time"}


def underwrite_alter_validate_place(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, validate_place: str,
    last_seen: datetime | None,
) -> Underwrite:
    """Move the appointment before the inspection; the buyer is told the new place."""
    with transaction.atomic():
        underwrite, _old = _field_alter(
            actor=actor, underwrite_id=underwrite_id, field="validate_place", value=validate_place,
            last_seen=last_seen, label=_("The appointment place"),
            refused_in=(Underwrite.S.INSPECTED, Underwrite.S.PASSED, Underwrite.S.FAILED),
            refusal=_("change the appointment place"),
        )
        order = underwrite.order
        tell_buyer(
            order=order, underwrite=underwrite, event="validate_place_altered",
            content=notice_text(gettext_noop("The inspection place for order %(order_no)s changed to %(place)s."), order_no=order.order_no, place=validate_place),
        )
    return underwrite


def underwrite_alter_real_place(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, real_place: str, last_seen: datetime | None,
) -> Underwrite:
    """Correct where the inspection really took place (after it was filled)."""
    with transaction.atomic():
        underwrite, _old = _field_alter(
            actor=actor, underwrite_id=underwrite_id, field="real_place", value=real_place, last_seen=last_seen,
            label=_("The inspection place"), refused_in=(Underwrite.S.SCHEDULED,),
            refusal=_("change the inspection place"),
        )
    return underwrite


def underwrite_alter_note(
    *, actor: Annotated[User, "an underwrite operator"], underwrite_id, note: str, last_seen: datetime | None,
) -> Underwrite:
    """Replace the operators' note."""
    with transaction.atomic():
        underwrite, _old = _field_alter(
            actor=actor, underwrite_id=underwrite_id, field="note", value=note, last_seen=last_seen,
            label=_("The note"),
        )
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
        cache_on_commit(underwrite)
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
