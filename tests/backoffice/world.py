"""One row of every model the admin registers, made the way the product makes them (services where they
exist), for the back office's authorization matrix."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import OperationLog


def build_world() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    from common.tokens import token_pair
    from community.models import AnimalClaim, AnimalUpdate
    from community.services import activities
    from orders import services as order_services
    from orders.models import Promotion, Review
    from orders.services import payments
    from tests.factories import UserFactory
    from tests.factories.chat import MessageFactory
    from tests.factories.community import ActivityFactory, AnimalFactory, TravelPlanFactory
    from tests.factories.marketplace import TradeFactory
    from tests.factories.orders import DriverFactory, PlanFactory, ProductFactory, QuotationFactory
    from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, SuccessCaseFactory, staff_user
    from tests.factories.underwrite import PlanOrderFactory
    from travel import services as travel_services
    from travel.models import Companionship
    from underwrite import services as underwrite_services

    now = timezone.now()
    user = UserFactory()
    OperationLog.objects.create(admin_name="x", module="user", operation="user:update", status="success")
    access = {"username": "x", "ip_address": "10.0.0.1", "user_agent": "ua", "http_accept": "*/*", "path_info": "/"}
    AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    token_pair(user)
    BlacklistedToken.objects.create(token=OutstandingToken.objects.first())
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    CrontabSchedule.objects.create()
    ClockedSchedule.objects.create(clocked_time=now)
    SolarSchedule.objects.create(event="sunrise", latitude=Decimal("39.9"), longitude=Decimal("116.4"))
    PeriodicTask.objects.create(name="matrix", task="config.tasks.nothing", interval=interval, enabled=False)
    MessageFactory()
    animal = AnimalFactory(status="claimed")
    AnimalClaim.objects.create(user=user, animal=animal, price_paid=animal.price, claimed_at=now,
                               ends_at=now + timedelta(days=30))
    AnimalUpdate.objects.create(animal=animal, author=animal.merchant.user, update_type="daily", content="ok")
    activities.activity_register(activity_id=ActivityFactory().pk, user=user)
    TradeFactory()
    MerchantFactory()
    MerchantApplicationFactory()
    SuccessCaseFactory()
    plan_order = PlanOrderFactory()
    product_order = order_services.product_order_place(
        buyer=user, items=[{"product": ProductFactory(price=Decimal("8.00")).pk, "quantity": 1}])
    payments.payment_start(order_id=product_order.pk, actor=user)
    Review.objects.create(user=user, merchant=product_order.merchant, order=product_order, rating=5, comment="好")
    QuotationFactory()
    PlanFactory()
    Promotion.objects.create(code="MATRIX", discount=Decimal("1.00"))
    DriverFactory()
    mine, theirs = TravelPlanFactory(), TravelPlanFactory()
    invitation = travel_services.invitation_send(inviter=mine.user, plan_id=mine.pk, matched_plan_id=theirs.pk)
    low, high = sorted((mine.user_id, theirs.user_id))
    Companionship.objects.create(user_low_id=low, user_high_id=high, invitation=invitation)
    underwrite_services.underwrite_create(actor=staff_user("underwrite_operator"), oid=plan_order.order_no,
                                          plan_time=now + timedelta(hours=1), validate_place="东方银座")
