"""Roles and permissions (seed 004, DESIGN §8), the staff API's authorization matrix, login lockout and
user suspension."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.models import PermissionProfile, RoleProfile
from accounts.permissions import has_staff_perm
from accounts.roles import PERMISSION_CODENAMES, sync_roles
from chat.models import Message
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.staff import MerchantApplicationFactory, MerchantFactory, SuccessCaseFactory, staff_user

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _configured_throttle_rates(monkeypatch, settings):
    """DRF binds throttle rates at import; use the configured ones even if another test left others behind."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]))


SEED_PERMISSIONS = {
    "user:manage": ("user", "用户管理权限"),
    "role:manage": ("role", "角色管理权限"),
    "permission:manage": ("permission", "权限管理权限"),
    "content:review": ("content", "内容审核权限"),
    "content:publish": ("content", "内容发布权限"),
    "data:view": ("data", "数据查看权限"),
    "data:export": ("data", "数据导出权限"),
    "system:config": ("system", "系统配置权限"),
}
EXPECTED_ROLES = {
    "super_admin": set(PERMISSION_CODENAMES),
    "admin": {"user:manage", "data:view", "data:export", "content:review", "merchant:review", "order:view",
              "order:manage", "community:manage"},
    "content_manager": {"content:review", "content:publish"},
    "merchant_reviewer": {"merchant:review"},
    "underwrite_operator": {"underwrite:operate"},
    "underwrite_reviewer": {"underwrite:review"},
}


def role_permissions():
    return {g.name: {p.codename for p in g.permissions.all()} for g in Group.objects.prefetch_related("permissions")}


def run_seed_migration():
    """Run the data migration's own code on the historical models (tables may have been flushed by a
    transactional test; it is idempotent, so on a fresh database this changes nothing)."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module("accounts.migrations.0003_seed_roles")
    state = MigrationExecutor(connection).loader.project_state(("accounts", "0003_seed_roles"))
    migration.forwards(state.apps, None)


def test_migration_seeds_roles_and_permissions_with_module_and_description():
    run_seed_migration()
    for codename, (module, description) in SEED_PERMISSIONS.items():
        profile = PermissionProfile.objects.select_related("permission__content_type").get(
            permission__codename=codename
        )
        assert (profile.module, profile.description) == (module, description)
        assert profile.permission.content_type.app_label == "accounts"
    assert {name: perms for name, perms in role_permissions().items() if name in EXPECTED_ROLES} == EXPECTED_ROLES
    assert RoleProfile.objects.get(group__name="super_admin").description.startswith("超级管理员")


def test_sync_roles_is_idempotent_and_repairs_drift(capsys):
    run_seed_migration()
    admin = Group.objects.get(name="admin")
    admin.permissions.remove(Permission.objects.get(codename="data:export"))
    admin.permissions.add(Permission.objects.get(codename="system:config"))
    counts = (Permission.objects.count(), Group.objects.count(), PermissionProfile.objects.count())
    sync_roles()
    call_command("sync_roles")
    assert (Permission.objects.count(), Group.objects.count(), PermissionProfile.objects.count()) == counts
    assert role_permissions()["admin"] == EXPECTED_ROLES["admin"]
    assert "Roles: 6" in capsys.readouterr().out


def test_has_staff_perm_needs_an_active_staff_account_in_the_role():
    reviewer = staff_user("merchant_reviewer")
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert has_staff_perm(reviewer, "merchant:review")
    assert not has_staff_perm(reviewer, "data:export")
    not_staff = UserFactory()
    not_staff.groups.add(Group.objects.get(name="admin"))
    assert not has_staff_perm(not_staff, "data:view")
    reviewer.is_active = False
    assert not has_staff_perm(reviewer, "merchant:review")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert has_staff_perm(superuser, "system:config")


# --- The staff API authorization matrix -------------------------------------------------------------------

def _ids():
    merchant = MerchantFactory()
    return {
        "merchant": merchant.pk,
        "application": MerchantApplicationFactory().pk,
        "case": SuccessCaseFactory().pk,
        "user": UserFactory().pk,
    }


# (method, url template, body, permission, a role that holds it, success status)
STAFF_ENDPOINTS = [
    ("get", "/api/v1/admin/operation-logs", None, "data:view", "admin", 200),
    ("get", "/api/v1/admin/operation-logs/export", None, "data:export", "admin", 200),
    ("get", "/api/v1/admin/dashboard", None, "data:view", "admin", 200),
    ("post", "/api/v1/admin/users/{user}/suspend", {}, "user:manage", "admin", 200),
    ("post", "/api/v1/admin/users/{user}/reinstate", {}, "user:manage", "admin", 409),
    ("get", "/api/v1/admin/merchants", None, "merchant:review", "merchant_reviewer", 200),
    ("post", "/api/v1/admin/merchants/{merchant}/approve", {}, "merchant:review", "merchant_reviewer", 200),
    ("post", "/api/v1/admin/merchants/{merchant}/reject", {"reason": "blurry license"}, "merchant:review",
     "merchant_reviewer", 200),
    ("post", "/api/v1/admin/merchants/{merchant}/suspend", {}, "merchant:review", "merchant_reviewer", 409),
    ("post", "/api/v1/admin/merchants/{merchant}/reinstate", {}, "merchant:review", "merchant_reviewer", 409),
    ("get", "/api/v1/admin/applications", None, "merchant:review", "merchant_reviewer", 200),
    ("post", "/api/v1/admin/applications/{application}/convert", {}, "merchant:review", "merchant_reviewer", 200),
    ("post", "/api/v1/admin/applications/{application}/reject", {"reason": "spam"}, "merchant:review",
     "merchant_reviewer", 200),
    ("post", "/api/v1/admin/cases", {"title": "A farm story"}, "content:review", "content_manager", 201),
    ("post", "/api/v1/admin/cases/{case}/submit", {}, "content:review", "content_manager", 200),
    ("post", "/api/v1/admin/cases/{case}/publish", {}, "content:publish", "content_manager", 409),
    ("post", "/api/v1/admin/cases/{case}/send-back", {}, "content:publish", "content_manager", 409),
    ("post", "/api/v1/admin/cases/{case}/unpublish", {}, "content:publish", "content_manager", 409),
    ("post", "/api/v1/admin/content/case/{case}/take-down", {"reason": "spam"}, "content:review",
     "content_manager", 200),
    ("post", "/api/v1/admin/content/case/{case}/restore", {}, "content:review", "content_manager", 409),
    ("get", "/api/v1/admin/roles", None, "role:manage", "super_admin", 200),
    ("get", "/api/v1/admin/permissions", None, "permission:manage", "super_admin", 200),
    ("put", "/api/v1/admin/users/{user}/roles", {"roles": ["content_manager"]}, "role:manage", "super_admin", 200),
]


@pytest.mark.parametrize(("method", "url", "body", "permission", "role", "ok"), STAFF_ENDPOINTS,
                         ids=[f"{m} {u}" for m, u, *_ in STAFF_ENDPOINTS])
def test_staff_endpoint_authorization_matrix(api, client_for, method, url, body, permission, role, ok):
    url = url.format(**_ids())
    def send(client):
        return getattr(client, method)(url, body, format="json") if body is not None else getattr(
            client, method)(url)

    assert send(api).status_code == 401
    assert send(client_for(UserFactory())).status_code == 403
    # Staff, but in roles that do not hold this permission.
    other_roles = [r for r, perms in EXPECTED_ROLES.items() if permission not in perms and r != "super_admin"]
    response = send(client_for(staff_user(*other_roles)))
    assert response.status_code == 403
    assert response.json()["data"] == {"permission": permission}
    response = send(client_for(staff_user(role)))
    assert response.status_code == ok, response.content


def test_content_manager_publishes_but_admin_role_cannot(client_for):
    case = SuccessCaseFactory()
    admin_role = client_for(staff_user("admin"))
    assert admin_role.post(f"/api/v1/admin/cases/{case.pk}/submit").status_code == 200
    response = admin_role.post(f"/api/v1/admin/cases/{case.pk}/publish")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "in_review"
    assert client_for(staff_user("content_manager")).post(f"/api/v1/admin/cases/{case.pk}/publish").status_code == 200
    case.refresh_from_db()
    assert case.state == "published"


# --- Login lockout (seed 004 security design) ----------------------------------------------------------------

def test_repeated_failed_logins_lock_the_account_for_a_while(api, settings):
    settings.LOGIN_MAX_FAILURES = 3
    user = UserFactory(username="carol")
    for _ in range(2):
        assert api.post("/api/v1/auth/token", {"username": "carol", "password": "wrong-pass"}).status_code == 401
    # django-axes: the failure that reaches the limit already answers 429.
    assert api.post("/api/v1/auth/token", {"username": "carol", "password": "wrong-pass"}).status_code == 429
    response = api.post("/api/v1/auth/token", {"username": "Carol", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert response.json()["code"] == 429
    # Another account is not affected.
    UserFactory(username="dave")
    assert api.post("/api/v1/auth/token", {"username": "dave", "password": TEST_PASSWORD}).status_code == 200
    assert user.pk


def test_a_successful_login_clears_earlier_failures(api, settings):
    settings.LOGIN_MAX_FAILURES = 2
    UserFactory(username="erin")
    assert api.post("/api/v1/auth/token", {"username": "erin", "password": "wrong-pass"}).status_code == 401
    assert api.post("/api/v1/auth/token", {"username": "erin", "password": TEST_PASSWORD}).status_code == 200
    assert api.post("/api/v1/auth/token", {"username": "erin", "password": "wrong-pass"}).status_code == 401
    assert api.post("/api/v1/auth/token", {"username": "erin", "password": TEST_PASSWORD}).status_code == 200


# --- User suspension ----------------------------------------------------------------------------------------

def test_suspend_user_deactivates_and_revokes_tokens_then_reinstate_tells_them(api, client_for):
    admin = client_for(staff_user("admin"))
    target = UserFactory()
    login = api.post("/api/v1/auth/token", {"username": target.username, "password": TEST_PASSWORD}).json()["data"]
    response = admin.post(f"/api/v1/admin/users/{target.pk}/suspend", {"reason": "spam"}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["is_active"] is False
    target.refresh_from_db()
    assert not target.is_active
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login['access']}")
    assert api.get("/api/v1/users/profile").status_code == 401
    api.credentials()
    assert api.post("/api/v1/auth/token/refresh", {"refresh": login["refresh"]}).status_code in (400, 401)
    assert admin.post(f"/api/v1/admin/users/{target.pk}/suspend").status_code == 409

    assert admin.post(f"/api/v1/admin/users/{target.pk}/reinstate").status_code == 200
    target.refresh_from_db()
    assert target.is_active
    assert Message.objects.filter(recipient=target, data__event="user_reinstated").count() == 1


def test_staff_cannot_suspend_themselves_or_a_superuser(client_for):
    actor = staff_user("admin")
    admin = client_for(actor)
    assert admin.post(f"/api/v1/admin/users/{actor.pk}/suspend").status_code == 400
    boss = UserFactory(is_staff=True, is_superuser=True)
    assert admin.post(f"/api/v1/admin/users/{boss.pk}/suspend").status_code == 403
    boss.refresh_from_db()
    assert boss.is_active
    assert admin.post("/api/v1/admin/users/999999/suspend").status_code == 404


def test_user_managers_cannot_change_superusers_or_other_staff_in_the_admin():
    from django.test import Client

    manager = Client()
    manager.force_login(staff_user("admin"))
    member = UserFactory()
    boss = UserFactory(is_staff=True, is_superuser=True)
    colleague = staff_user("content_manager")
    assert manager.get(f"/admin/accounts/user/{member.pk}/change/").status_code == 200
    response = manager.post(f"/admin/accounts/user/{boss.pk}/password/",
                            {"password1": "Take-Over-Pass-91", "password2": "Take-Over-Pass-91",
                             "usable_password": "true"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert not boss.check_password("Take-Over-Pass-91")
    page = manager.get(f"/admin/accounts/user/{colleague.pk}/change/")
    assert page.status_code == 200 and b'name="username"' not in page.content  # view only
    # Role managers may edit staff; the role fields are editable only for them.
    role_manager = staff_user("admin")
    role_manager.groups.add(Group.objects.get(name="super_admin"))
    client = Client()
    client.force_login(role_manager)
    page = client.get(f"/admin/accounts/user/{colleague.pk}/change/")
    assert b'name="username"' in page.content and b'name="groups"' in page.content
    page = manager.get(f"/admin/accounts/user/{member.pk}/change/")
    assert b'name="groups"' not in page.content


def test_suspending_staff_needs_role_management(client_for):
    colleague = staff_user("content_manager")
    assert client_for(staff_user("admin")).post(f"/api/v1/admin/users/{colleague.pk}/suspend").status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert client_for(superuser).post(f"/api/v1/admin/users/{colleague.pk}/suspend").status_code == 200


def test_admin_login_shares_the_failed_login_lockout(settings):
    from django.test import Client

    settings.LOGIN_MAX_FAILURES = 2
    staff = staff_user(username="gina")
    client = Client()
    page = client.post("/admin/login/", {"username": "gina", "password": "wrong-pass"})
    assert page.status_code == 200 and not page.wsgi_request.user.is_authenticated
    assert client.post("/admin/login/", {"username": "gina", "password": "wrong-pass"}).status_code == 429
    page = client.post("/admin/login/", {"username": "gina", "password": TEST_PASSWORD})
    assert page.status_code == 429  # django-axes' lockout answer
    assert "_auth_user_id" not in client.session
    assert staff.pk
    staff_user(username="hank")
    assert Client().post("/admin/login/", {"username": "hank", "password": TEST_PASSWORD}).status_code == 302


def test_periodic_jobs_admin_needs_system_config():
    from django.test import Client

    outsider, operator = Client(), Client()
    outsider.force_login(staff_user("admin"))
    operator.force_login(staff_user("super_admin"))
    assert outsider.get("/admin/django_celery_beat/periodictask/").status_code == 403
    assert operator.get("/admin/django_celery_beat/periodictask/").status_code == 200


def test_roles_and_permissions_are_listed_in_the_seed_shape(client_for, django_assert_max_num_queries):
    client = client_for(staff_user("super_admin"))
    with django_assert_max_num_queries(6):
        roles = {r["name"]: r for r in client.get("/api/v1/admin/roles").json()["data"]}
    assert set(roles) == set(EXPECTED_ROLES)
    assert set(roles["content_manager"]["permissions"]) == EXPECTED_ROLES["content_manager"]
    assert roles["admin"]["description"] == "普通管理员,拥有部分管理权限"
    permissions = {p["name"]: p for p in client.get("/api/v1/admin/permissions").json()["data"]}
    for codename, (module, description) in SEED_PERMISSIONS.items():
        assert (permissions[codename]["module"], permissions[codename]["description"]) == (module, description)


def test_assigning_roles_makes_staff_and_only_superusers_touch_super_admin(client_for):
    role_manager = staff_user("super_admin")
    client = client_for(role_manager)
    member = UserFactory()
    response = client.put(f"/api/v1/admin/users/{member.pk}/roles", {"roles": ["content_manager", "admin"]},
                          format="json")
    assert response.status_code == 200
    assert response.json()["data"] == {"id": member.pk, "username": member.username, "is_staff": True,
                                       "roles": ["admin", "content_manager"]}
    member.refresh_from_db()
    assert has_staff_perm(member, "content:publish")
    assert client.put(f"/api/v1/admin/users/{member.pk}/roles", {"roles": ["wizard"]},
                      format="json").status_code == 400
    assert client.put(f"/api/v1/admin/users/{member.pk}/roles", {"roles": ["super_admin"]},
                      format="json").status_code == 403
    assert client.put(f"/api/v1/admin/users/{member.pk}/roles", {"roles": []}, format="json").status_code == 200
    member = type(member).objects.get(pk=member.pk)
    assert not member.is_staff and not member.groups.exists()
    superuser = client_for(UserFactory(is_staff=True, is_superuser=True))
    assert superuser.put(f"/api/v1/admin/users/{member.pk}/roles", {"roles": ["super_admin"]},
                         format="json").status_code == 200
    from accounts.models import OperationLog

    assert set(OperationLog.objects.values_list("operation", flat=True)) == {"role:assign"}
    assert OperationLog.objects.count() == 5
