"""The login-lockout rows in the admin (django-axes, system:config): super_admin can clean up expired ones.
axes' own action reads `request.axes_attempt_time`, which axes sets only on a login request, so as shipped
the action answered 500 in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from accounts.models import OperationLog
from tests.factories.staff import staff_user

pytestmark = pytest.mark.django_db


def attempt(username: str, age: timedelta) -> AccessAttempt:
    row = AccessAttempt.objects.create(username=username, ip_address="127.0.0.1", user_agent="x", path_info="/",
                                       get_data="", post_data="", http_accept="*/*", failures_since_start=1)
    AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - age)
    return row


def test_super_admin_cleans_up_expired_attempts(settings):
    settings.LOGIN_LOCKOUT_SECONDS = 900
    old, fresh = attempt("old", timedelta(hours=2)), attempt("fresh", timedelta(minutes=1))
    client = Client()
    client.force_login(staff_user("super_admin"))
    response = client.post("/admin/axes/accessattempt/", {"action": "cleanup_expired_attempts",
                                                           "_selected_action": [old.pk, fresh.pk]})
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["fresh"]
    assert OperationLog.objects.filter(status="success").count() == 1
    assert client.get("/admin/axes/accessattempt/").status_code == 200
