"""Issue 13 item 8: `GET underwrites` filters through UnderwriteFilter in the selectors: `state` (any of,
repeated or comma-separated) and `operator`; an unknown state or a bad operator id is a 400 envelope (an
unknown state was silently an empty list before), and filtering adds no query."""

import pytest

from tests.factories.underwrite import PlanOrderFactory, operator_user, plan_time
from tests.lists import assert_bad_filter, assert_filters_add_no_query, ids
from underwrite import services
from underwrite.models import Underwrite

pytestmark = pytest.mark.django_db


def _underwrite(actor, operator=None, state=None):
    underwrite = services.underwrite_create(actor=actor, oid=PlanOrderFactory().order_no, plan_time=plan_time(),
                                            validate_place="东方银座", operator=operator)
    if state:
        Underwrite.objects.filter(pk=underwrite.pk).update(state=state)
    return str(underwrite.pk)


def test_underwrite_filters(client_for, operator):
    other = operator_user(username="op2")
    scheduled = _underwrite(operator)
    inspected = _underwrite(operator, state=Underwrite.State.INSPECTED)
    passed_by_other = _underwrite(operator, operator=other.pk, state=Underwrite.State.PASSED)
    client = client_for(operator)
    url = "/api/v1/underwrites"
    assert ids(client, url) == sorted([scheduled, inspected, passed_by_other])
    assert ids(client, f"{url}?state=inspected") == [inspected]
    assert ids(client, f"{url}?state=scheduled&state=passed") == sorted([scheduled, passed_by_other])
    assert ids(client, f"{url}?state=scheduled,passed") == sorted([scheduled, passed_by_other])
    assert ids(client, f"{url}?state=failed") == []
    assert ids(client, f"{url}?operator={other.pk}") == [passed_by_other]
    assert ids(client, f"{url}?operator={operator.pk}&state=passed") == []
    assert_filters_add_no_query(client, url, f"state=scheduled,inspected&operator={operator.pk}")


@pytest.mark.parametrize("query, param", [("state=lost", "state"), ("state=scheduled,lost", "state"),
                                          ("operator=op1", "operator"), ("operator=-1", "operator"),
                                          (f"operator={2**63}", "operator")])
def test_underwrite_bad_filters(client_for, operator, query, param):
    assert_bad_filter(client_for(operator), f"/api/v1/underwrites?{query}", param)
