"""Every claim transition through its service (issue 13): claimed (the farm told), then ended by the beat
sweep or cancelled by the farm (the claimant told); one typed AnimalEvent per step, the animal follows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Animal, AnimalClaim, AnimalEvent
from community.services import animals as services
from tests.factories import UserFactory
from tests.factories.community import AnimalFactory
from tests.factories.staff import staff_user
from tests.walk import assert_one_oplog, last_oplog_id, walk_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("finish", ["ended", "cancelled"])
def test_claim_walk(django_capture_on_commit_callbacks, finish):
    animal, claimant = AnimalFactory(), UserFactory()
    events = AnimalEvent.objects.filter(animal=animal)
    claim = walk_step(django_capture_on_commit_callbacks, events=events, type="claimed",
                      told=animal.merchant.user_id,
                      run=lambda: services.animal_claim(animal_id=animal.pk, user=claimant, price_paid=animal.price))
    animal.refresh_from_db()
    assert animal.status == Animal.Status.CLAIMED
    if finish == "ended":
        later = timezone.now() + timedelta(days=400)
        run = lambda: services.claims_end_due(now=later)  # noqa: E731
    else:
        run = lambda: services.claim_cancel(claim_id=claim.pk, actor=animal.merchant.user)  # noqa: E731
    walk_step(django_capture_on_commit_callbacks, events=events, type=finish, told=claimant.pk, run=run)
    claim.refresh_from_db()
    animal.refresh_from_db()
    assert claim.status == AnimalClaim.Status(finish) and animal.status == Animal.Status.AVAILABLE


def test_claim_cancelled_by_staff_in_the_admin_is_one_operation_log_row(django_capture_on_commit_callbacks, client):
    """Staff with community:manage cancel a claim with the admin action: the event, the claimant told, one
    operation-log row; cancelling it again is refused: a failed row, nothing changed."""
    animal, claimant = AnimalFactory(), UserFactory()
    claim = services.animal_claim(animal_id=animal.pk, user=claimant, price_paid=animal.price)
    client.force_login(staff_user("admin"))  # the admin role holds community:manage
    cancel = {"action": "cancel_claims", "apply": "1", "reason": "", "_selected_action": [claim.pk]}
    events = AnimalEvent.objects.filter(animal=animal)
    walk_step(django_capture_on_commit_callbacks, events=events, type="cancelled", told=claimant.pk,
              run=lambda: client.post("/admin/community/animalclaim/", cancel),
              logged=("community:cancel_claim", claim.pk))
    last_log, count = last_oplog_id(), events.count()
    client.post("/admin/community/animalclaim/", cancel)
    assert assert_one_oplog(last_log, "community:cancel_claim", claim.pk, status="failed").error_message
    claim.refresh_from_db()
    assert claim.status == AnimalClaim.Status.CANCELLED and events.count() == count


def test_claim_cancelled_by_staff_through_the_api_is_one_row_by_its_farm_none(django_capture_on_commit_callbacks,
                                                                             client_for):
    animal, claimant = AnimalFactory(), UserFactory()
    claims = [services.animal_claim(animal_id=animal.pk, user=claimant, price_paid=animal.price)]
    staff = client_for(staff_user("admin"))
    walk_step(django_capture_on_commit_callbacks, events=AnimalEvent.objects.filter(animal=animal), type="cancelled",
              told=claimant.pk, run=lambda: staff.post(f"/api/v1/animals/claims/{claims[0].pk}/cancel", {},
                                                       format="json"),
              logged=("community:cancel_claim", claims[0].pk))
    claims.append(services.animal_claim(animal_id=animal.pk, user=claimant, price_paid=animal.price))
    farm = client_for(animal.merchant.user)
    walk_step(django_capture_on_commit_callbacks, events=AnimalEvent.objects.filter(animal=animal), type="cancelled",
              told=claimant.pk, run=lambda: farm.post(f"/api/v1/animals/claims/{claims[1].pk}/cancel", {},
                                                      format="json"))
