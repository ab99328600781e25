"""Messages in the admin: read-only (a message is a record of what was said), searchable and filterable."""

from django.contrib import admin

from chat.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "sender", "recipient", "short_content", "order", "item", "trade", "fetched",
                    "delivered_at", "read_at", "created_at")
    list_filter = ("type", "fetched", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("content", "sender__username", "recipient__username")
    list_select_related = ("sender", "recipient", "order", "item", "trade")
    raw_id_fields = ("sender", "recipient", "order", "item", "trade")
    date_hierarchy = "created_at"
    ordering = ("-id",)

    @admin.display(description=Message._meta.get_field("content").verbose_name)
    def short_content(self, message: Message) -> str:
        return message.content[:60]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
