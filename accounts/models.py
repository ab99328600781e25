from django.contrib.auth.models import AbstractUser
from django.db import models
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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        # Unique-but-optional columns hold NULL, never "", so two users without a phone do not collide.
        for field in ("email", "phone", "openid"):
            if getattr(self, field) == "":
                setattr(self, field, None)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.nickname or self.username
