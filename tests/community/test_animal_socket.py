"""Community notices reach the users' sockets live (stored first, pushed after commit)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from community.services.animals import animal_claim, animal_update_post
from config.asgi import application
from tests.conftest import access_token_for
from tests.factories import UserFactory
from tests.factories.community import AnimalFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def authed_socket(user):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    token = await sync_to_async(access_token_for)(user)
    await communicator.send_json_to({"type": "auth", "token": token})
    assert (await communicator.receive_json_from(timeout=3))["ok"] is True
    return communicator


async def test_claim_and_update_notices_arrive_on_the_sockets():
    animal = await sync_to_async(AnimalFactory)()
    farm_user = await sync_to_async(lambda: animal.merchant.user)()
    claimant = await sync_to_async(UserFactory)()
    farm_socket, claimant_socket = await authed_socket(farm_user), await authed_socket(claimant)

    claim = await sync_to_async(animal_claim)(animal_id=animal.pk, user=claimant, price_paid=animal.price)
    farm_frame = await farm_socket.receive_json_from(timeout=3)
    assert farm_frame["type"] == "system" and farm_frame["data"]["claim_id"] == claim.pk
    assert farm_frame["to"] == farm_user.pk and animal.name in farm_frame["content"]
    claimant_frame = await claimant_socket.receive_json_from(timeout=3)
    data = {key: value for key, value in claimant_frame["data"].items() if key != "msg"}  # msg: key + params
    assert data == {"kind": "animal_claim", "claim_id": claim.pk, "animal_id": animal.pk, "status": "active"}
    assert claimant_frame["data"]["msg"]["key"] == "You claimed %(animal)s until %(end)s."

    update = await sync_to_async(animal_update_post)(animal_id=animal.pk, author=farm_user, update_type="text",
                                                     content="今天吃草")
    frame = await claimant_socket.receive_json_from(timeout=3)
    assert frame["data"]["update_id"] == update.pk and "今天吃草" in frame["content"]
    assert await farm_socket.receive_nothing(timeout=0.3)
    await farm_socket.disconnect()
    await claimant_socket.disconnect()
