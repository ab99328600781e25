"""Template tags for the header: the unread badge and where the live socket resumes (one query per page)."""

from django import template
from django.db.models import Count, Max, Q

from chat.models import Message

register = template.Library()


@register.simple_tag(takes_context=True)
def live_state(context) -> dict:
    """`unread`: messages to the current user not read yet; `last`: the newest message id they received,
    from which the socket's `sync` resumes. Zeros for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": 0, "last": 0}
    row = Message.objects.filter(recipient_id=user.pk).aggregate(
        unread=Count("id", filter=Q(read_at__isnull=True)), last=Max("id")
    )
    return {"unread": row["unread"] or 0, "last": row["last"] or 0}
