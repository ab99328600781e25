from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("id", "username", "nickname", "email", "phone", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "gender")
    search_fields = ("username", "nickname", "email", "phone", "openid")
    date_hierarchy = "date_joined"
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Profile"), {"fields": ("nickname", "avatar", "gender", "birthday", "phone", "openid")}),
    )
