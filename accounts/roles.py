"""Roles and permissions of seed 004 (`roles`, `permissions`, `role_permissions`) as Django groups and
permissions, and the one function that makes the database match them (the data migration and `sync_roles`).

Permissions live on the `accounts.user` content type, so `user.has_perm("accounts.data:export")` checks one.
"""

# (codename, module, description) — the seed's list and Chinese descriptions, plus merchant review and the
# two underwrite roles' rights (DESIGN §8 "Roles → permissions"), and orders and community (DESIGN §9).
PERMISSIONS = [
    ("user:manage", "user", "用户管理权限"),
    ("role:manage", "role", "角色管理权限"),
    ("permission:manage", "permission", "权限管理权限"),
    ("content:review", "content", "内容审核权限"),
    ("content:publish", "content", "内容发布权限"),
    ("data:view", "data", "数据查看权限"),
    ("data:export", "data", "数据导出权限"),
    ("system:config", "system", "系统配置权限"),
    ("merchant:review", "merchant", "商家审核权限"),
    ("underwrite:operate", "underwrite", "核保作业权限"),
    ("underwrite:review", "underwrite", "核保审核权限"),
    ("order:view", "order", "订单查看权限"),
    ("order:manage", "order", "订单管理权限"),
    ("community:manage", "community", "社区管理权限"),
]
PERMISSION_CODENAMES = [codename for codename, _module, _description in PERMISSIONS]

# role → (description, permissions); None means every permission above.
ROLES = {
    "super_admin": ("超级管理员,拥有系统所有权限", None),
    "admin": (
        "普通管理员,拥有部分管理权限",
        ["user:manage", "data:view", "data:export", "content:review", "merchant:review", "order:view",
         "order:manage", "community:manage"],
    ),
    "content_manager": ("内容管理员,负责内容审核和管理", ["content:review", "content:publish"]),
    "merchant_reviewer": ("商家审核员,负责商家入驻审核", ["merchant:review"]),
    "underwrite_operator": ("核保员,负责预约、验车与上传照片", ["underwrite:operate"]),
    "underwrite_reviewer": ("核保审核员,负责提交与修改核保结果", ["underwrite:review"]),
}


def sync_roles(apps=None) -> dict:
    """Create or update every role, permission and their links; idempotent. `apps` is a migration's
    historical registry, or None for the live models. Permissions a role should not have are removed
    from it; permissions added by hand to other groups are left alone."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    PermissionProfile = apps.get_model("accounts", "PermissionProfile")
    RoleProfile = apps.get_model("accounts", "RoleProfile")

    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = {}
    for codename, module, description in PERMISSIONS:
        permission, _ = Permission.objects.update_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"{codename} - {description}"}
        )
        PermissionProfile.objects.update_or_create(
            permission=permission, defaults={"module": module, "description": description}
        )
        permissions[codename] = permission
    for name, (description, codenames) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        RoleProfile.objects.update_or_create(group=group, defaults={"description": description})
        wanted = {permissions[c].pk for c in (codenames if codenames is not None else PERMISSION_CODENAMES)}
        ours = {p.pk for p in permissions.values()}
        current = set(group.permissions.filter(pk__in=ours).values_list("pk", flat=True))
        if current - wanted:
            group.permissions.remove(*(current - wanted))
        if wanted - current:
            group.permissions.add(*(wanted - current))
    return {"roles": len(ROLES), "permissions": len(PERMISSIONS)}
