from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase, LoadedValuesMixin


class Item(LoadedValuesMixin, FSMModelMixin, models.Model):
    """A second-hand item (seed 000 `item`). DESIGN §3.1."""

    class State(models.TextChoices):
        ON_SALE = "on_sale", _("on sale")
        RESERVED = "reserved", _("reserved")
        SOLD = "sold", _("sold")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The seed's numeric `sold` codes, kept for the legacy API (DESIGN §3.1, §8).
    STATE_CODES = {State.ON_SALE: 1, State.SOLD: 2, State.RESERVED: 3, State.WITHDRAWN: 4}

    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="items", verbose_name=_("seller")
    )
    title = models.CharField(_("title"), max_length=100)
    category = models.CharField(_("category"), max_length=50, blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    depreciation = models.CharField(_("depreciation"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    image_url = models.CharField(_("image URL"), max_length=500, blank=True)
    state = FSMField(_("state"), default=State.ON_SALE, choices=State.choices, protected=True)
    reserved_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reserved for"),
    )
    hidden = models.BooleanField(_("hidden by staff"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["state", "-created_at"], name="item_state_created"),
            models.Index(fields=["seller", "state"], name="item_seller_state"),
            models.Index(fields=["category"], name="item_category"),
            # The public list's visibility and order (issue 19): page 1 and cursor pages read 20 index entries.
            models.Index(fields=["-created_at", "-id"], name="item_public_newest",
                         condition=Q(hidden=False) & ~Q(state="withdrawn")),
            # Search (title/note ILIKE) has trigram GIN indexes on PostgreSQL: migration 0006_search_indexes_perf.
        ]

    def __str__(self):
        return self.title

    TRACKED_FIELDS = ("state", "reserved_for_id")  # written by the batch writer (LoadedValuesMixin)

    @property
    def state_code(self) -> int:
        return self.STATE_CODES[self.state]

    # Transitions change only this row; services lock, call, save and record (STYLE rule 3).
    @transition(field=state, source=State.ON_SALE, target=State.RESERVED)
    def reserve(self, *, buyer_id: int) -> None:
        """Reserve the item for the buyer whose trade the seller accepted (seed 000 `sold=3, to=uuid`)."""
        self.reserved_for_id = buyer_id

    @transition(field=state, source=State.RESERVED, target=State.ON_SALE)
    def release(self) -> None:
        """Put a reserved item back on sale (trade cancelled, reset or timed out)."""
        self.reserved_for_id = None

    @transition(field=state, source=State.RESERVED, target=State.SOLD)
    def sell(self) -> None:
        """Mark the item sold to the buyer it was reserved for; `reserved_for` stays as the seed's `to`."""

    @transition(field=state, source=State.ON_SALE, target=State.WITHDRAWN)
    def withdraw(self) -> None:
        """Take the item off the market."""

    @transition(field=state, source=State.WITHDRAWN, target=State.ON_SALE)
    def relist(self) -> None:
        """Put a withdrawn item on sale again."""


class ItemImage(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="images", verbose_name=_("item"))
    image = models.ImageField(_("image"), upload_to="items/%Y/%m/")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("item image")
        verbose_name_plural = _("item images")
        ordering = ("id",)

    def __str__(self):
        return self.image.name


class ItemEvent(EventBase):
    """An item's own changes (withdrawn, relisted); reserving and selling are its trades' events."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events", verbose_name=_("item"))

    class Meta(EventBase.Meta):
        verbose_name = _("item event")
        verbose_name_plural = _("item events")
