"""One step of an aggregate's walk (issue 13 "Done when"): run one transition through its service and check
that it wrote exactly one event row of the expected type, when someone is told, stored their notice, and
when staff acted, exactly one operation-log row naming the operation and its target."""

from accounts.models import OperationLog
from chat.models import Message


def last_oplog_id() -> int:
    return OperationLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_one_oplog(since: int, operation: str, target_id, status: str = "success") -> OperationLog:
    """Exactly one operation-log row after `since` (a `last_oplog_id()`), of `operation` on `target_id` (or
    on what `target_id()` answers, for a row only known afterwards)."""
    target_id = target_id() if callable(target_id) else target_id
    rows = list(OperationLog.objects.filter(pk__gt=since).values_list("operation", "target_id", "status"))
    assert rows == [(operation, str(target_id), status)], f"expected one {operation!r} row, got {rows}"
    return OperationLog.objects.get(pk__gt=since)


def walk_step(capture, *, events, run, type: str, told=None, told_type=None, logged=None):
    """Run `run()` with after-commit work executed; `events` is the aggregate's event queryset; `logged` is
    `(operation, target_id)` when staff act (else no operation-log row may appear). Returns what `run`
    returned."""
    seen = set(events.values_list("pk", flat=True))
    last_message = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_log = last_oplog_id()
    with capture(execute=True):
        result = run()
    written = list(events.exclude(pk__in=seen).values_list("type", flat=True))
    assert written == [type], f"expected one {type!r} event, got {written}"
    if told is not None:
        notices = Message.objects.filter(pk__gt=last_message, recipient_id=told)
        if told_type is not None:
            notices = notices.filter(type=told_type)
        assert notices.exists(), f"user {told} was not told about {type!r}"
    if logged is not None:
        assert_one_oplog(last_log, *logged)
    else:
        assert not OperationLog.objects.filter(pk__gt=last_log).exists(), f"{type!r}: nobody staff acted"
    return result
