from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A Tradepost user (seed 004 `users`): unique phone, email and WeChat openid, all optional."""

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")
        OTHER = "other", _("other")

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    avatar = models.CharField(_("avatar URL"), max_length=255, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, unique=True, null=True, blank=True)
    openid = models.CharField(_("WeChat openid"), max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every password change/set and deactivation: tokens carry it (`tv`) and older ones are refused
    # (common/tokens.py, DESIGN §9 "Passwords and sessions").
    token_version = models.PositiveIntegerField(_("token version"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        # Unique-but-optional columns hold NULL, never "", so two users without a phone do not collide.
        for field in ("email", "phone", "openid"):
            if getattr(self, field) == "":
                setattr(self, field, None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "password" in update_fields and "token_version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "token_version"]
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        # Any door that sets a password (API, site, admin form, changepassword) revokes older tokens.
        super().set_password(raw_password)
        self.token_version = (self.token_version or 0) + 1

    def check_password(self, raw_password):
        def rehash(raw):  # a hasher upgrade on login keeps the same password: tokens stay valid
            AbstractUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)

    @property
    def display_name(self) -> str:
        return self.nickname or self.username


class RoleProfile(models.Model):
    """Seed-004 `roles` columns that Django's Group lacks (a role is a group)."""

    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="profile", verbose_name=_("role")
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("role description")
        verbose_name_plural = _("role descriptions")

    def __str__(self):
        return self.group.name


class PermissionProfile(models.Model):
    """Seed-004 `permissions` columns that Django's Permission lacks: module and description."""

    permission = models.OneToOneField(
        "auth.Permission", on_delete=models.CASCADE, related_name="profile", verbose_name=_("permission")
    )
    module = models.CharField(_("module"), max_length=50)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("permission description")
        verbose_name_plural = _("permission descriptions")

    def __str__(self):
        return self.permission.codename


class OperationLog(models.Model):
    """One staff write in the admin or the API (seed 004 `admin_operation_logs`, every column). Append-only."""

    class Status(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILED = "failed", _("failed")

    # The seed makes admin_id NOT NULL; we keep the row (and admin_name) if the account is ever deleted,
    # because an audit trail must outlive the people in it.
    admin = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("admin")
    )
    admin_name = models.CharField(_("admin name"), max_length=150)
    module = models.CharField(_("module"), max_length=50)
    operation = models.CharField(_("operation"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=100, blank=True)
    target_type = models.CharField(_("target type"), max_length=50, blank=True)
    request_method = models.CharField(_("request method"), max_length=10, blank=True)
    request_url = models.CharField(_("request URL"), max_length=500, blank=True)
    request_params = models.TextField(_("request parameters"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error_message = models.TextField(_("error message"), blank=True)
    execution_time = models.PositiveIntegerField(_("execution time (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("operation log")
        verbose_name_plural = _("operation logs")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["admin", "-created_at"], name="oplog_admin_created"),
            models.Index(fields=["module", "operation"], name="oplog_module_operation"),
            models.Index(fields=["target_type", "target_id"], name="oplog_target"),
        ]

    def __str__(self):
        return f"{self.admin_name} {self.operation} {self.target_type}#{self.target_id}"


class Dashboard(OperationLog):
    """Not data: the admin's dashboard page hangs off this proxy so it appears in the admin index."""

    class Meta:
        proxy = True
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboard")
