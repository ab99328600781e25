"""Races end with exactly one winner (DESIGN §7): real threads on PostgreSQL."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from common.errors import ApplicationError
from merchants.models import Merchant, MerchantEvent
from merchants.services.merchants import merchant_approve, merchant_register
from merchants.services.website import application_convert
from tests.factories import UserFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, staff_user

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

REGISTER = {"merchant_type": "farm_owner", "business_name": "Farm", "contact_person": "Z", "contact_phone": "13800000000"}


def race(*calls):
    """Run every call at once in its own thread; return the results (or the errors they raised)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except ApplicationError as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_double_register_makes_one_merchant():
    user = UserFactory()
    results = race(*(lambda: merchant_register(user=user, data=REGISTER) for _ in range(3)))
    assert sum(isinstance(r, Merchant) for r in results) == 1
    assert sum(isinstance(r, ApplicationError) and r.status == 409 for r in results) == 2
    assert Merchant.objects.filter(user=user).count() == 1


def test_two_reviewers_approving_at_once_make_one_transition():
    merchant = MerchantFactory()
    reviewers = [staff_user("merchant_reviewer"), staff_user("merchant_reviewer")]
    results = race(*(lambda r=r: merchant_approve(merchant_id=merchant.pk, actor=r) for r in reviewers))
    assert sum(isinstance(r, Merchant) for r in results) == 1
    assert sum(isinstance(r, ApplicationError) and r.status == 409 for r in results) == 1
    assert MerchantEvent.objects.filter(merchant=merchant, type="approved").count() == 1


def test_converting_one_application_twice_at_once_makes_one_merchant():
    application = MerchantApplicationFactory()
    reviewers = [staff_user("merchant_reviewer"), staff_user("admin")]
    results = race(*(lambda r=r: application_convert(application_id=application.pk, actor=r) for r in reviewers))
    assert sum(not isinstance(r, ApplicationError) for r in results) == 1
    assert Merchant.objects.count() == 1
