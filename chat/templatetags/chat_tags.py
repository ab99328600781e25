"""Template tags for the header: the unread badge (one COUNT query per page)."""

from django import template

from chat.models import Message

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    """Messages sent to the current user that they have not read yet (0 for anonymous visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cache = request.__dict__.setdefault("_unread_count", {})
    if "n" not in cache:
        cache["n"] = Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    return cache["n"]
