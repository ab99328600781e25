"""Template tags for the header: the unread badges and where the live socket resumes (one query per page),
and a notice's text in the reader's language."""

from django import template

from chat.notices import notice_render
from chat.selectors import unread_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def live_state(context) -> dict:
    """`unread`: notices to the current user not read yet (the notification badge); `chats`: other unread
    messages (the inbox badge); `last`: the newest message id they received, from which the socket's `sync`
    resumes. Zeros for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": 0, "chats": 0, "last": 0}
    counts = unread_counts(user_id=user.pk)
    return {"unread": counts["notices"], "chats": counts["chats"], "last": counts["last"]}


@register.filter
def message_text(message) -> str:
    """A message's text in the current language (notices keep a message key; DESIGN §9 "Notices")."""
    return notice_render(message)
