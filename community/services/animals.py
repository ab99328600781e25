"""Animal claiming (seed 004 §2.3, DESIGN §3.5, §8 "Animals"): farms list animals, users claim them for
CLAIM_DAYS, farms post updates to the claimants, claims end by Celery beat or are cancelled."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from chat.notices import notice_text
from chat.services import Notice, messages_send, system_notice_send
from common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed, transition_not_allowed
from community.events import (
    animal_availability_event,
    animal_claimed_event,
    animal_created_event,
    claim_finished_event,
)
from community.models import Animal, AnimalClaim, AnimalUpdate
from merchants.models import Merchant
from merchants.services.merchants import acts_for_merchant, approved_merchant_for

CLAIM_EXPIRY_BATCH_SIZE = 200


def animal_lock(animal_id: int) -> Animal:
    """Lock one animal row; lock it before any of its claims."""
    try:
        return Animal.objects.select_for_update().select_related("merchant").get(pk=animal_id)
    except Animal.DoesNotExist:
        raise NotFound(_("Animal not found.")) from None


def _claim_lock(claim_id: int) -> tuple[Animal, AnimalClaim]:
    """Lock a claim's animal, then the claim (the fixed order: animal first)."""
    animal_id = AnimalClaim.objects.filter(pk=claim_id).values_list("animal_id", flat=True).first()
    if animal_id is None:
        raise NotFound(_("Claim not found."))
    animal = animal_lock(animal_id)
    claim = AnimalClaim.objects.select_for_update().select_related("user").get(pk=claim_id)
    return animal, claim


@transaction.atomic
def animal_create(
    *,
    user: User,
    name: str,
    species: str,
    price: Decimal,
    breed: str = "",
    birth_date: date | None = None,
    personality: str = "",
    farm_location: str = "",
) -> Animal:
    """List a new animal for claiming; only approved farm owners may."""
    merchant = approved_merchant_for(user=user, merchant_type=Merchant.Type.FARM_OWNER)
    if price <= 0:
        raise ValidationFailed(_("The price must be positive."), data={"price": [_("Must be positive.")]})
    animal = Animal.objects.create(
        merchant=merchant, name=name, species=species, breed=breed, birth_date=birth_date, personality=personality,
        farm_location=farm_location or merchant.address, price=price,
    )
    animal_created_event(animal=animal, actor=user)
    return animal


@transaction.atomic
def animal_claim(*, animal_id: int, user: User, price_paid: Annotated[Decimal, "must equal the price"]) -> AnimalClaim:
    """Claim an available animal for CLAIM_DAYS; the claim is active at once (the price is recorded as paid)."""
    animal = animal_lock(animal_id)
    if animal.merchant.user_id == user.pk:
        raise PermissionDenied(_("You cannot claim your own animal."))
    if animal.status != Animal.Status.AVAILABLE:
        raise transition_not_allowed(animal, "claim", field="status")
    if not animal.merchant.can_sell:
        # A suspended (or no longer approved) farm takes no new claims (DESIGN §8: suspension stops selling).
        raise Conflict(_("This farm cannot take claims now."), data={"merchant_status": animal.merchant.status})
    if price_paid != animal.price:
        raise ValidationFailed(
            _("The price paid must equal the claim price %(price)s.") % {"price": animal.price},
            data={"price_paid": [_("Must equal %(price)s.") % {"price": animal.price}]},
        )
    now = timezone.now()
    animal.claim()
    animal.save()
    try:
        # The partial unique constraint is the last line of defence behind the row lock.
        with transaction.atomic():
            claim = AnimalClaim.objects.create(
                user=user, animal=animal, price_paid=price_paid, claimed_at=now,
                ends_at=now + timedelta(days=settings.CLAIM_DAYS),
            )
    except IntegrityError:
        raise Conflict(_("This animal already has an active claim.")) from None
    animal_claimed_event(animal=animal, claim=claim, actor=user, price_paid=price_paid)
    data = {"kind": "animal_claim", "claim_id": claim.pk, "animal_id": animal.pk, "status": claim.status}
    messages_send([
        Notice(recipient_id=user.pk, data=data,
               content=notice_text(gettext_noop("You claimed %(animal)s until %(end)s."), animal=animal.name, end=claim.ends_at.date().isoformat())),
        Notice(recipient_id=animal.merchant.user_id, data=data,
               content=notice_text(gettext_noop("%(user)s claimed %(animal)s."), user=user.display_name, animal=animal.name)),
    ])
    return claim


def _finish(*, animal: Animal, claim: AnimalClaim, actor: User | None, reason: str) -> None:
    """Expects the caller to hold the locks on `animal` and `claim` and to have moved the claim."""
    animal_from = animal.status
    animal.release()
    animal.save()
    claim.save()
    claim_finished_event(animal=animal, claim=claim, actor=actor, animal_from=animal_from, reason=reason)


@transaction.atomic
def claim_end(*, claim_id: int, now: datetime | None = None) -> AnimalClaim | None:
    """End an active claim whose time is up and make its animal available again (the beat sweep)."""
    now = now or timezone.now()
    animal, claim = _claim_lock(claim_id)
    if claim.status != AnimalClaim.Status.ACTIVE or claim.ends_at > now:
        return None  # handled already or not due: running the sweep twice is harmless
    claim.end(at=now)
    _finish(animal=animal, claim=claim, actor=None, reason="claim_period_over")
    system_notice_send(
        recipient_id=claim.user_id,
        content=notice_text(gettext_noop("Your claim of %(animal)s has ended."), animal=animal.name),
        data={"kind": "animal_claim", "claim_id": claim.pk, "animal_id": animal.pk, "status": claim.status},
    )
    return claim


@transaction.atomic
def claim_cancel(*, claim_id: int, actor: User, reason: str = "") -> AnimalClaim:
    """Cancel an active claim (its merchant or staff) and make the animal available again."""
    animal, claim = _claim_lock(claim_id)
    if not acts_for_merchant(user=actor, merchant_id=animal.merchant_id):
        if claim.user_id == actor.pk:
            raise PermissionDenied(_("Only the farm or staff can cancel a claim."))
        raise NotFound(_("Claim not found."))
    if claim.status != AnimalClaim.Status.ACTIVE:
        raise transition_not_allowed(claim, "cancel", field="status")
    claim.cancel(at=timezone.now(), by=actor)
    _finish(animal=animal, claim=claim, actor=actor, reason=reason[:50] or "cancelled_by_merchant")
    system_notice_send(
        recipient_id=claim.user_id,
        content=notice_text(gettext_noop("Your claim of %(animal)s was cancelled by the farm."), animal=animal.name),
        data={"kind": "animal_claim", "claim_id": claim.pk, "animal_id": animal.pk, "status": claim.status,
              "reason": reason},
    )
    return claim


@transaction.atomic
def animal_set_availability(*, animal_id: int, actor: User, available: bool) -> Animal:
    """Mark an animal unavailable (not while claimed) or available again; its merchant or staff."""
    animal = animal_lock(animal_id)
    if not acts_for_merchant(user=actor, merchant_id=animal.merchant_id):
        raise PermissionDenied(_("Only the farm or staff can change this animal."))
    action = "restore" if available else "withdraw"
    required = Animal.Status.UNAVAILABLE if available else Animal.Status.AVAILABLE
    if animal.status != required:
        raise transition_not_allowed(animal, action, field="status")
    from_state = animal.status
    getattr(animal, action)()
    animal.save()
    animal_availability_event(animal=animal, actor=actor, transition=action, from_state=from_state)
    return animal


@transaction.atomic
def animal_update_post(*, animal_id: int, author: User, update_type: str, content: str = "",
                       media_url: str = "") -> AnimalUpdate:
    """Post to an animal's feed (its farm) and tell the active claimant."""
    animal = Animal.objects.select_related("merchant").filter(pk=animal_id).first()
    if animal is None:
        raise NotFound(_("Animal not found."))
    if animal.merchant.user_id != author.pk:
        raise PermissionDenied(_("Only the animal's farm can post updates."))
    if not content.strip() and not media_url.strip():
        raise ValidationFailed(_("An update needs text or media."), data={"content": [_("Text or media is required.")]})
    update = AnimalUpdate.objects.create(animal=animal, author=author, update_type=update_type, content=content,
                                         media_url=media_url)
    claimant_ids = AnimalClaim.objects.filter(animal=animal, status=AnimalClaim.Status.ACTIVE).values_list(
        "user_id", flat=True)
    messages_send([
        Notice(recipient_id=claimant_id,
               content=notice_text(gettext_noop("News from %(animal)s: %(text)s"), animal=animal.name, text=content[:200]),
               data={"kind": "animal_update", "animal_id": animal.pk, "update_id": update.pk,
                     "update_type": update_type, "media_url": media_url})
        for claimant_id in claimant_ids
    ])
    return update


def claims_end_due(*, now: datetime | None = None, batch_size: int = CLAIM_EXPIRY_BATCH_SIZE) -> int:
    """End every claim whose time is up, in batches; returns how many ended (the beat task calls this)."""
    now = now or timezone.now()
    ended = 0
    while True:
        with transaction.atomic():
            due = list(
                AnimalClaim.objects.filter(status=AnimalClaim.Status.ACTIVE, ends_at__lte=now)
                .order_by("ends_at", "pk").values_list("pk", "animal_id")[:batch_size]
            )
            # Lock the animals first (the order every claim service uses), by pk; skip_locked leaves an
            # animal that another worker or a cancel holds right now for the next tick.
            locked = set(
                Animal.objects.select_for_update(skip_locked=True)
                .filter(pk__in=[animal_id for _, animal_id in due]).order_by("pk").values_list("pk", flat=True)
            )
            batch_ended = 0
            for claim_id, animal_id in due:
                if animal_id in locked and claim_end(claim_id=claim_id, now=now) is not None:
                    batch_ended += 1
        ended += batch_ended
        if len(due) < batch_size or batch_ended == 0:
            return ended
