from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase, LoadedValuesMixin
from marketplace.models.items import Item


class Trade(LoadedValuesMixin, FSMModelMixin, models.Model):
    """One buyer's attempt to buy one item; a seed-000 "I want to buy" record is a pending trade. DESIGN §3.2."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        PROCESSING = "processing", _("processing")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class CancelReason(models.TextChoices):
        SELLER_REJECTED = "seller_rejected", _("rejected by the seller")
        SELLER_ACCEPT_TIMEOUT = "seller_accept_timeout", _("the seller did not accept in time")
        CANCELLED_BY_BUYER = "cancelled_by_buyer", _("cancelled by the buyer")
        CANCELLED_BY_SELLER = "cancelled_by_seller", _("cancelled by the seller")
        SELLER_CONFIRM_TIMEOUT = "seller_confirm_timeout", _("the seller did not confirm in time")
        ITEM_SOLD = "item_sold", _("the item was sold to someone else")
        ITEM_WITHDRAWN = "item_withdrawn", _("the item was withdrawn")

    ACTIVE_STATES = (State.PENDING, State.PROCESSING)
    INACTIVE_STATES = (State.COMPLETED, State.CANCELLED)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="trades", verbose_name=_("item"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trades_as_buyer", verbose_name=_("buyer")
    )
    # Denormalised from item.seller so "my trades as buyer or seller" is one indexed OR.
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trades_as_seller", verbose_name=_("seller")
    )
    state = FSMField(_("state"), default=State.PENDING, choices=State.choices, protected=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=30, choices=CancelReason.choices, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    seller_confirmed_at = models.DateTimeField(_("seller confirmed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # When the current state times out (accept / seller confirm / buyer confirm); null when none applies.
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(state="processing"), name="trade_one_processing_per_item"
            ),
            models.UniqueConstraint(
                fields=["item", "buyer"], condition=Q(state__in=["pending", "processing"]),
                name="trade_one_open_per_item_buyer",
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "state"], name="trade_buyer_state"),
            # The caller's trades, newest first, as buyer and as seller (a BitmapOr of the two).
            models.Index(fields=["buyer", "-created_at", "-id"], name="trade_buyer_newest"),
            models.Index(fields=["seller", "-created_at", "-id"], name="trade_seller_newest"),
            models.Index(fields=["seller", "state"], name="trade_seller_state"),
            models.Index(
                fields=["deadline_at"], condition=Q(state__in=["pending", "processing"]), name="trade_due"
            ),
        ]

    def __str__(self):
        return f"Trade #{self.pk} ({self.state})"

    # written by the batch writer (LoadedValuesMixin)
    TRACKED_FIELDS = (
        "state", "cancel_reason", "accepted_at", "seller_confirmed_at", "completed_at", "cancelled_at", "deadline_at",
    )

    @property
    def is_open(self) -> bool:
        return self.state in self.ACTIVE_STATES

    # Transitions change only this row; the service checks who may act, locks the item and its trades, calls
    # the transition, writes the rows and the event, and notifies (STYLE rule 3). `deadline` is the timeout
    # of the state entered (DESIGN §3.2, seed 003's three gaps), computed by the service from settings.
    @transition(field=state, source=State.PENDING, target=State.PROCESSING)
    def accept(self, *, at, deadline) -> None:
        """The seller picks this buyer; the seller-confirm clock starts."""
        self.accepted_at = at
        self.deadline_at = deadline

    @transition(
        field=state, source=State.PROCESSING, target=State.PROCESSING,
        conditions=[lambda trade: trade.seller_confirmed_at is None],
    )
    def seller_confirm(self, *, at, deadline) -> None:
        """The seller confirms the handover; the buyer-confirm clock starts."""
        self.seller_confirmed_at = at
        self.deadline_at = deadline

    @transition(field=state, source=State.PROCESSING, target=State.COMPLETED)
    def complete(self, *, at) -> None:
        """The buyer confirmed receipt (or the buyer-confirm deadline passed): the trade is done."""
        self.completed_at = at
        self.deadline_at = None

    @transition(field=state, source=State.PENDING, target=State.CANCELLED)
    def reject(self, *, at) -> None:
        """The seller turns this buyer down."""
        self.cancel_reason = self.CancelReason.SELLER_REJECTED
        self.cancelled_at = at
        self.deadline_at = None

    @transition(field=state, source=[State.PENDING, State.PROCESSING], target=State.CANCELLED)
    def cancel(self, *, reason: str, at) -> None:
        """End an open trade for `reason` (one of CancelReason)."""
        self.cancel_reason = reason
        self.cancelled_at = at
        self.deadline_at = None


class TradeEvent(EventBase):
    trade = models.ForeignKey(Trade, on_delete=models.CASCADE, related_name="events", verbose_name=_("trade"))

    class Meta(EventBase.Meta):
        verbose_name = _("trade event")
        verbose_name_plural = _("trade events")
