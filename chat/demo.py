"""Demo messages: a short conversation between bob and alice and a welcome notice, once (idempotent)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop

from chat.models import Message
from chat.notices import notice_text
from chat.services import Notice, messages_send


def load(*, password: str, stdout) -> None:
    users = get_user_model().objects
    alice, bob = users.get(username="alice"), users.get(username="bob")
    if Message.objects.filter(sender=bob, recipient=alice).exists():
        return
    messages_send(
        [
            Notice(recipient_id=bob.pk, content=notice_text(gettext_noop("Welcome to Tradepost! Messages reach you here, live or later."))),
            Notice(recipient_id=alice.pk, sender_id=bob.pk, type=Message.Type.CHAT,
                   content=notice_text(gettext_noop("Hi Alice, is your item still for sale?"))),
            Notice(recipient_id=bob.pk, sender_id=alice.pk, type=Message.Type.CHAT,
                   content=notice_text(gettext_noop("Hi Bob, yes it is. Press \"I want to buy\" and I will pick you."))),
        ]
    )
    stdout.write("chat: demo conversation between bob and alice")
