"""The underwrite workflow that moves the plan order (DESIGN §3.4): schedule (order → underwriting),
fill the inspection, submit and alter the result (order → underwritten | rejected)."""

from datetime import datetime
from typing import Annotated

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from chat.notices import notice_text
from common.errors import Conflict, ValidationFailed, transition_not_allowed
from orders.models import Order, PlanOrderExt
from orders.services import order_lock
from underwrite import events, selectors
from underwrite.models import Underwrite, UnderwritePhoto, UnderwriteProblem
from underwrite.permissions import require_operator, require_reviewer
from underwrite.serializers import format_instant
from underwrite.services.common import (
    cache_on_commit,
    later_than,
    operator_resolve,
    order_move,
    require_fresh,
    tell_buyer,
    underwrite_with_order_lock,
)

User = get_user_model()

# `underwrite_fill(last_seen=...)` not given: the caller read no update time (the API's fill, as before).
NOT_READ = object()


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
    operator_user = operator_resolve(operator, default=actor)
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
        order_move(
            order=order, underwrite=underwrite, actor=actor, transition_name="underwrite_start",
        )
        underwrite.save(force_insert=True)
        events.underwrite_created_event(underwrite=underwrite, actor=actor)
        tell_buyer(
            order=order, underwrite=underwrite, event="scheduled",
            content=notice_text(gettext_noop("The inspection of your vehicle for order %(order_no)s is scheduled at %(place)s, %(time)s."), order_no=order.order_no, place=validate_place, time=format_instant(plan_time)),
        )
        cache_on_commit(underwrite)
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
    last_seen=NOT_READ,
) -> Underwrite:
    """Record the inspection: where it happened, who did it, the certificates, problems and photo URLs.
    A form that read the inspection place's update time passes it as `last_seen` (None: nothing was filled
    yet): if the inspection was filled meanwhile, 409 with the current place and nothing changes."""
    require_operator(actor)
    operator_user = operator_resolve(operator, default=actor)
    with transaction.atomic():
        order, underwrite = underwrite_with_order_lock(underwrite_id)
        if last_seen is not NOT_READ:
            require_fresh(
                field="real_place", label=_("The inspection place"), value=underwrite.real_place,
                stored_time=underwrite.real_update_time, last_seen=last_seen,
            )
        if not can_proceed(underwrite.inspect):
            raise transition_not_allowed(underwrite, _("fill the inspection"))
        underwrite.inspect(
            at=later_than(underwrite.real_update_time), real_place=real_place, operator_id=operator_user.pk,
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
        tell_buyer(
            order=order, underwrite=underwrite, event="inspected",
            content=notice_text(gettext_noop("Your vehicle for order %(order_no)s has been inspected; the result follows."), order_no=order.order_no),
        )
        cache_on_commit(underwrite)
    return underwrite


def _result_apply(*, order: Order, underwrite: Underwrite, actor, result: str, altered: bool) -> None:
    from_state = underwrite.state
    at = later_than(underwrite.result_update_time)
    if result == Underwrite.Result.PASSED:
        underwrite.record_pass(at=at)
        transition_name = "underwrite_pass"
        content = gettext_noop("Your order %(order_no)s passed underwriting; you can pay it now.")
    else:
        underwrite.record_fail(at=at)
        transition_name = "underwrite_fail"
        content = gettext_noop("Your order %(order_no)s did not pass underwriting.")
    underwrite.save()
    order_move(
        order=order, underwrite=underwrite, actor=actor, transition_name=transition_name,
    )
    events.underwrite_result_event(underwrite=underwrite, actor=actor, from_state=from_state, altered=altered)
    tell_buyer(
        order=order, underwrite=underwrite, event="result_altered" if altered else "result",
        content=notice_text(content, order_no=order.order_no),
    )
    cache_on_commit(underwrite)


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
        order, underwrite = underwrite_with_order_lock(underwrite_id)
        if underwrite.state != Underwrite.S.INSPECTED:
            raise transition_not_allowed(underwrite, _("submit a result"))
        require_fresh(
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
        order, underwrite = underwrite_with_order_lock(underwrite_id)
        if underwrite.state not in (Underwrite.S.PASSED, Underwrite.S.FAILED):
            raise transition_not_allowed(underwrite, _("alter the result"))
        # Once paid (or cancelled) the result is final (DESIGN §8).
        if order.state not in (Order.S.UNDERWRITTEN, Order.S.REJECTED):
            raise transition_not_allowed(order, _("alter the underwrite result"))
        require_fresh(
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


