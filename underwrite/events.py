"""One UnderwriteEvent row per change (STYLE rule 4); the order's own rows are written by orders.events."""

from underwrite.models import Underwrite, UnderwriteEvent


def _underwrite_event(*, underwrite: Underwrite, actor, type: str, from_state: str = "", data=None) -> UnderwriteEvent:
    return UnderwriteEvent.objects.create(
        underwrite=underwrite, actor=actor if actor is not None and actor.pk else None, type=type,
        from_state=from_state, to_state=underwrite.state, data=data or {},
    )


def underwrite_created_event(*, underwrite, actor) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=actor, type="created",
        data={"plan_time": underwrite.plan_time.isoformat(), "validate_place": underwrite.validate_place},
    )


def underwrite_filled_event(*, underwrite, actor, problems: int, photos: int) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=actor, type="filled", from_state=Underwrite.S.SCHEDULED,
        data={"real_place": underwrite.real_place, "operator": underwrite.operator_id,
              "certificate_state": underwrite.certificate_state, "problems": problems, "photos": photos},
    )


def underwrite_result_event(*, underwrite, actor, from_state: str, altered: bool) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=actor, type="result_altered" if altered else "result_submitted",
        from_state=from_state, data={"underwrite_result": underwrite.underwrite_result},
    )


def underwrite_field_altered_event(*, underwrite, actor, field: str, old, new) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=actor, type=f"{field}_altered", from_state=underwrite.state,
        data={"field": field, "old": old, "new": new},
    )


def underwrite_photos_added_event(*, underwrite, actor, photo_ids: list) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=actor, type="photos_added", from_state=underwrite.state,
        data={"photos": [str(pk) for pk in photo_ids]},
    )


def underwrite_reminder_event(*, underwrite) -> UnderwriteEvent:
    return _underwrite_event(
        underwrite=underwrite, actor=None, type="reminder_sent", from_state=underwrite.state,
        data={"operator": underwrite.operator_id},
    )
