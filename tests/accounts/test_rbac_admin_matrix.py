"""The admin's authorization matrix: every staff changelist and every state-changing action, for anonymous,
a plain user, staff without the permission and staff with it."""

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from accounts.models import OperationLog
from marketplace.models import Item
from tests.factories import UserFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, SuccessCaseFactory, staff_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# (changelist, role that may open it, staff roles that may not)
ADMIN_PAGES = [
    ("/admin/merchants/merchant/", "merchant_reviewer", ["content_manager", "underwrite_operator"]),
    ("/admin/merchants/merchantapplication/", "merchant_reviewer", ["content_manager"]),
    ("/admin/merchants/successcase/", "content_manager", ["merchant_reviewer", "underwrite_reviewer"]),
    ("/admin/accounts/operationlog/", "admin", ["merchant_reviewer", "content_manager"]),
    ("/admin/accounts/dashboard/", "admin", ["merchant_reviewer", "content_manager"]),
    ("/admin/accounts/user/", "admin", ["merchant_reviewer", "content_manager"]),
    ("/admin/auth/group/", "super_admin", ["admin", "content_manager", "merchant_reviewer"]),
    ("/admin/accounts/permissionprofile/", "super_admin", ["admin", "content_manager", "merchant_reviewer"]),
    ("/admin/django_celery_beat/periodictask/", "super_admin", ["admin", "content_manager"]),
]


@pytest.mark.parametrize(("url", "role", "denied"), ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES])
def test_admin_changelist_matrix(url, role, denied):
    assert Client().get(url).status_code == 302  # anonymous → login
    assert login(UserFactory()).get(url).status_code == 302  # not staff → login
    assert login(staff_user(*denied)).get(url).status_code == 403
    assert login(staff_user(role)).get(url).status_code == 200


def merchant(status):
    return lambda: MerchantFactory(status=status)


def case(state, **fields):
    return lambda: SuccessCaseFactory(state=state, **fields)


REASON = {"apply": "1", "reason": "policy"}
# (changelist, action, make the row, (field, value before), allowed role, denied role, denied status, extra POST)
# "denied status": 403 when the denied role cannot open the page; 302 ("no action selected") when it can see
# the page but the action is not offered to it.
ADMIN_ACTIONS = [
    ("/admin/merchants/merchant/", "approve", merchant("pending"), ("status", "pending"),
     "merchant_reviewer", "content_manager", 403, {}),
    ("/admin/merchants/merchant/", "reject", merchant("pending"), ("status", "pending"),
     "merchant_reviewer", "content_manager", 403, REASON),
    ("/admin/merchants/merchant/", "suspend", merchant("approved"), ("status", "approved"),
     "admin", "content_manager", 403, REASON),
    ("/admin/merchants/merchant/", "reinstate", merchant("suspended"), ("status", "suspended"),
     "merchant_reviewer", "underwrite_operator", 403, {}),
    ("/admin/merchants/merchantapplication/", "convert", MerchantApplicationFactory, ("status", "pending"),
     "merchant_reviewer", "content_manager", 403, {}),
    ("/admin/merchants/merchantapplication/", "reject", MerchantApplicationFactory, ("status", "pending"),
     "admin", "content_manager", 403, REASON),
    ("/admin/merchants/successcase/", "submit", case("draft"), ("state", "draft"),
     "content_manager", "merchant_reviewer", 403, {}),
    ("/admin/merchants/successcase/", "publish", case("in_review"), ("state", "in_review"),
     "content_manager", "admin", 302, {}),
    ("/admin/merchants/successcase/", "send_back", case("in_review"), ("state", "in_review"),
     "content_manager", "admin", 302, {}),
    ("/admin/merchants/successcase/", "unpublish", case("published"), ("state", "published"),
     "content_manager", "admin", 302, {}),
    ("/admin/merchants/successcase/", "take_down", case("published"), ("hidden", False),
     "admin", "merchant_reviewer", 403, REASON),
    ("/admin/merchants/successcase/", "restore", case("published", hidden=True), ("hidden", True),
     "content_manager", "merchant_reviewer", 403, {}),
    ("/admin/accounts/user/", "suspend_users", UserFactory, ("is_active", True),
     "admin", "merchant_reviewer", 403, {}),
    ("/admin/accounts/user/", "reinstate_users", lambda: UserFactory(is_active=False), ("is_active", False),
     "admin", "content_manager", 403, {}),
]


@pytest.mark.parametrize(("url", "action", "make", "before", "allowed", "denied", "denied_status", "extra"),
                         ADMIN_ACTIONS, ids=[f"{a[0].split('/')[3]}-{a[1]}" for a in ADMIN_ACTIONS])
def test_admin_action_matrix(url, action, make, before, allowed, denied, denied_status, extra):
    obj = make()
    body = {"action": action, "_selected_action": [obj.pk], **extra}
    field, value = before

    def unchanged():
        obj.refresh_from_db()
        return getattr(obj, field) == value

    assert Client().post(url, body).status_code == 302 and unchanged()
    assert login(UserFactory()).post(url, body).status_code == 302 and unchanged()
    assert login(staff_user(denied)).post(url, body).status_code == denied_status
    assert unchanged()
    assert login(staff_user(allowed)).post(url, body).status_code == 302
    assert not unchanged()


def test_operation_log_export_action_matrix():
    row = OperationLog.objects.create(admin_name="x", module="user", operation="user:update", status="success")
    body = {"action": "export_csv", "_selected_action": [row.pk]}
    url = "/admin/accounts/operationlog/"
    assert Client().post(url, body).status_code == 302
    assert login(UserFactory()).post(url, body).status_code == 302
    assert login(staff_user("content_manager")).post(url, body).status_code == 403
    viewer_only = staff_user()
    from django.contrib.auth.models import Permission

    viewer_only.user_permissions.add(Permission.objects.get(codename="data:view"))
    assert not isinstance(login(viewer_only).post(url, body), StreamingHttpResponse)
    assert isinstance(login(staff_user("admin")).post(url, body), StreamingHttpResponse)


def test_take_down_helper_works_for_items_too():
    """`take_down_action(kind="item")` is what the item admin can offer; the service does the work."""
    from django.contrib import admin as django_admin
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from merchants.admin import take_down_action

    item = Item.objects.create(seller=UserFactory(), title="Fake watch", price="1.00")
    moderator = staff_user("content_manager")
    request = RequestFactory().post("/", {"apply": "1", "reason": "counterfeit"})
    request.user = moderator
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = django_admin.site._registry.get(Item) or django_admin.ModelAdmin(Item, django_admin.site)
    assert take_down_action(model_admin, request, Item.objects.filter(pk=item.pk), kind="item") is None
    item.refresh_from_db()
    assert item.hidden
