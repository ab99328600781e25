import pytest
from django.utils import timezone

from tests.factories.underwrite import PlanOrderFactory, operator_user, plan_time, reviewer_user
from underwrite import services
from underwrite.models import Underwrite


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def operator(db):
    return operator_user(username="op1")


@pytest.fixture
def reviewer(db):
    return reviewer_user(username="rev1")


@pytest.fixture
def buyer(db):
    from tests.factories import UserFactory

    return UserFactory(username="buyer1")


@pytest.fixture
def plan_order(buyer):
    return PlanOrderFactory(buyer=buyer)


@pytest.fixture
def scheduled(plan_order, operator) -> Underwrite:
    return services.underwrite_create(
        actor=operator, oid=plan_order.order_no, plan_time=plan_time(), validate_place="东方银座"
    )


@pytest.fixture
def inspected(scheduled, operator) -> Underwrite:
    services.underwrite_fill(
        actor=operator, underwrite_id=scheduled.pk, real_place="东直门", certificate_state=1,
        problems=[{"type": "剐蹭", "description": "追尾"}], photos=["http://www.baidu.com"],
    )
    return Underwrite.objects.get(pk=scheduled.pk)


@pytest.fixture
def passed(inspected, reviewer) -> Underwrite:
    services.underwrite_submit_result(
        actor=reviewer, underwrite_id=inspected.pk, result=Underwrite.Result.PASSED, last_seen=timezone.now()
    )
    return Underwrite.objects.get(pk=inspected.pk)
