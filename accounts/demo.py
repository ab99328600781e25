"""Demo users (DESIGN §4): admin (superuser), alice (seller), bob (buyer), farm, fun, inspector."""

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import sync_roles

DEMO_USERS = {
    "admin": {"nickname": "管理员", "is_staff": True, "is_superuser": True},
    "alice": {"nickname": "Alice"},
    "bob": {"nickname": "Bob"},
    "farm": {"nickname": "快乐农场"},
    "fun": {"nickname": "趣玩活动"},
    "inspector": {"nickname": "验车员", "is_staff": True},
}

# DESIGN §4/§8: the inspector schedules and reviews underwrites and reviews merchants.
DEMO_ROLES = {"inspector": ["underwrite_operator", "underwrite_reviewer", "merchant_reviewer"]}


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def load(*, password: str, stdout) -> None:
    for username, fields in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created or not user.check_password(password):
            user.set_password(password)
        for key, value in fields.items():
            setattr(user, key, value)
        user.save()
    # Roles come from the data migration; syncing again keeps a database made before a role was added right.
    sync_roles()
    for username, roles in DEMO_ROLES.items():
        demo_user(username).groups.add(*Group.objects.filter(name__in=roles))
    stdout.write("Users: " + ", ".join(DEMO_USERS))
