"""Issue 14: the state machines that lacked admin actions — activity registrations and activities, travel
invitations, payments — move from the back office through their staff services: one event row each, one
operation-log row per selected row, a reason asked where the change carries one, and a row whose state or
whose user's permissions do not allow the move reported refused, unchanged."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import OperationLog
from community.models import ActivityEvent, ActivityRegistration
from community.services import activities as activity_services
from orders import services as order_services
from orders.models import Order, OrderEvent, Payment
from orders.services import payments as payment_services
from tests.factories import UserFactory
from tests.factories.community import ActivityFactory, TravelPlanFactory
from tests.factories.orders import ProductFactory
from tests.factories.staff import staff_user
from travel import services as travel_services
from travel.models import Invitation, InvitationEvent

pytestmark = pytest.mark.django_db
REGISTRATIONS = "/admin/community/activityregistration/"
INVITATIONS = "/admin/travel/invitation/"
PAYMENTS = "/admin/orders/payment/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def ops(operation: str) -> list[tuple[str, str]]:
    return sorted(OperationLog.objects.filter(operation=operation).values_list("target_id", "status"))


def offered(client: Client, url: str) -> set[str]:
    form = client.get(url).context["action_form"]
    return {name for name, _label in form.fields["action"].choices} if form else set()


@pytest.fixture
def registrations():
    activity = ActivityFactory()
    live = activity_services.activity_register(activity_id=activity.pk, user=UserFactory())
    gone = activity_services.activity_register(activity_id=activity.pk, user=UserFactory())
    activity_services.registration_cancel(activity_id=activity.pk, user=gone.user)
    return live, gone


def test_registration_cancel_per_row_done_or_refused(registrations):
    live, gone = registrations
    client = login(staff_user("admin"))
    assert "cancel_registrations" in offered(client, REGISTRATIONS)
    body = {"action": "cancel_registrations", "_selected_action": [live.pk, gone.pk]}
    page = client.post(REGISTRATIONS, body)  # the reason is asked first (optional here)
    assert page.status_code == 200 and b'name="reason"' in page.content
    answer = client.post(REGISTRATIONS, {**body, "apply": "1", "reason": "no-show twice"}, follow=True)
    live.refresh_from_db()
    assert live.status == ActivityRegistration.Status.CANCELLED
    event = ActivityEvent.objects.get(registration=live, type="cancelled", actor__isnull=False, reason="no-show twice")
    assert event.from_state == "registered" and event.to_state == "cancelled"
    text = " ".join(messages_of(answer))
    assert "refused" in text and "cancelled" in text  # the already cancelled row, naming its state
    assert ops("community:cancel_registration") == sorted([(str(live.pk), "success"), (str(gone.pk), "failed")])


@pytest.mark.parametrize("role", ["none", "content_manager", "merchant_reviewer", "underwrite_operator"])
def test_registration_cancel_refused_without_community_manage(registrations, role):
    live, _gone = registrations
    client = login(staff_user() if role == "none" else staff_user(role))
    body = {"action": "cancel_registrations", "_selected_action": [live.pk], "apply": "1", "reason": "x"}
    assert client.post(REGISTRATIONS, body).status_code == 403
    live.refresh_from_db()
    assert live.status == ActivityRegistration.Status.REGISTERED


def test_the_staff_service_checks_the_permission_itself(registrations):
    live, _gone = registrations
    from common.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        activity_services.registration_cancel_by_staff(registration_id=live.pk, actor=staff_user("content_manager"))
    with pytest.raises(PermissionDenied):
        activity_services.activity_cancel(activity_id=live.activity_id, actor=staff_user(), staff=True)


def test_staff_cancel_activity_frees_every_place(registrations):
    live, _gone = registrations
    client = login(staff_user("admin"))
    client.post("/admin/community/activity/", {"action": "cancel_activities", "_selected_action": [live.activity_id]})
    live.refresh_from_db()
    assert live.status == ActivityRegistration.Status.CANCELLED
    assert live.activity.status == "cancelled"
    assert ops("community:cancel_activity") == [(str(live.activity_id), "success")]


@pytest.fixture
def invitation():
    mine, theirs = TravelPlanFactory(), TravelPlanFactory()
    return travel_services.invitation_send(inviter=mine.user, plan_id=mine.pk, matched_plan_id=theirs.pk)


def test_invitation_closed_by_staff_with_a_required_reason(invitation):
    client = login(staff_user("admin"))
    body = {"action": "decline_invitations", "_selected_action": [invitation.pk], "apply": "1"}
    page = client.post(INVITATIONS, {**body, "reason": ""})  # required: the form comes back
    assert page.status_code == 200 and b'name="reason"' in page.content
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING
    client.post(INVITATIONS, {**body, "reason": "spam"})
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.DECLINED
    assert InvitationEvent.objects.filter(invitation=invitation, type="staff_decline", reason="spam").count() == 1
    again = client.post(INVITATIONS, {**body, "reason": "spam"}, follow=True)
    assert any("refused" in text and "declined" in text for text in messages_of(again))
    assert ops("travel:decline_invitation") == [(str(invitation.pk), "failed"), (str(invitation.pk), "success")]


def test_invitations_are_hidden_from_roles_without_community_manage(invitation):
    for role in ("content_manager", "merchant_reviewer", "underwrite_reviewer"):
        assert login(staff_user(role)).get(INVITATIONS).status_code == 403


@pytest.fixture
def payments():
    """Three payments: one open, one paid (its order paid), one open on another order."""
    def order():
        return order_services.product_order_place(
            buyer=UserFactory(), items=[{"product": ProductFactory(price=Decimal("8.00")).pk, "quantity": 1}])

    first, second, third = order(), order(), order()
    open_payment = payment_services.payment_start(order_id=first.pk, actor=first.buyer)
    paid = payment_services.payment_start(order_id=second.pk, actor=second.buyer)
    payment_services.payment_sandbox_decide(reference=paid.reference, paid=True)
    other_open = payment_services.payment_start(order_id=third.pk, actor=third.buyer)
    return open_payment, Payment.objects.get(pk=paid.pk), other_open


def test_mark_failed_and_refund_per_row(payments):
    open_payment, paid, _other = payments
    client = login(staff_user("admin"))
    assert {"mark_failed", "refund_orders"} <= offered(client, PAYMENTS)
    answer = client.post(PAYMENTS, {"action": "mark_failed", "_selected_action": [open_payment.pk, paid.pk],
                                    "apply": "1", "reason": "payer gave up"}, follow=True)
    open_payment.refresh_from_db()
    assert open_payment.status == Payment.Status.FAILED
    assert Payment.objects.get(pk=paid.pk).status == Payment.Status.PAID
    assert any(paid.reference in text and "refused" in text for text in messages_of(answer))
    event = OrderEvent.objects.get(order=open_payment.order, type="payment_failed")
    assert event.actor is not None and event.data["reference"] == open_payment.reference
    assert Order.objects.get(pk=open_payment.order_id).state == Order.State.PENDING_PAYMENT
    client.post(PAYMENTS, {"action": "refund_orders", "_selected_action": [open_payment.pk, paid.pk]})
    assert Order.objects.get(pk=paid.order_id).state == Order.State.REFUNDED
    assert Order.objects.get(pk=open_payment.order_id).state == Order.State.PENDING_PAYMENT
    assert ops("order:refund") == sorted([(str(paid.pk), "success"), (str(open_payment.pk), "failed")])


def test_payment_actions_are_not_offered_without_order_manage(payments):
    open_payment, _paid, _other = payments
    viewer = staff_user()
    viewer.user_permissions.add(Permission.objects.get(codename="order:view"))
    client = login(viewer)
    assert client.get(PAYMENTS).status_code == 200
    assert not {"mark_failed", "refund_orders"} & offered(client, PAYMENTS)
    client.post(PAYMENTS, {"action": "mark_failed", "_selected_action": [open_payment.pk], "apply": "1",
                           "reason": "forged"})
    open_payment.refresh_from_db()
    assert open_payment.status == Payment.Status.CREATED
    for role in ("content_manager", "merchant_reviewer", "underwrite_operator", "underwrite_reviewer"):
        assert login(staff_user(role)).get(PAYMENTS).status_code == 403
