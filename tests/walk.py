"""One step of an aggregate's walk (issue 13 "Done when"): run one transition through its service and check
that it wrote exactly one event row of the expected type and, when someone is told, stored their notice."""

from chat.models import Message


def walk_step(capture, *, events, run, type: str, told=None, told_type=None):
    """Run `run()` with after-commit work executed; `events` is the aggregate's event queryset. Returns what
    `run` returned."""
    seen = set(events.values_list("pk", flat=True))
    last_message = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with capture(execute=True):
        result = run()
    written = list(events.exclude(pk__in=seen).values_list("type", flat=True))
    assert written == [type], f"expected one {type!r} event, got {written}"
    if told is not None:
        notices = Message.objects.filter(pk__gt=last_message, recipient_id=told)
        if told_type is not None:
            notices = notices.filter(type=told_type)
        assert notices.exists(), f"user {told} was not told about {type!r}"
    return result
