import factory

from chat.models import Message
from tests.factories import UserFactory


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    type = Message.Type.CHAT
    content = factory.Sequence(lambda n: f"message {n}")
