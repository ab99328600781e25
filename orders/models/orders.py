"""One Order table for every kind (DESIGN §3.3, §8). Kind-specific fields live in one-to-one extension
tables (seed 002 `*_order_ext`), added by the orders issue."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase

# A contract (plan, driver, sale) runs for a year from its start (seed 002 start-at / stop-at).
CONTRACT_TERM = timedelta(days=365)


class ExchangeDirection(models.TextChoices):
    BUY = "buy", _("buy")
    SELL = "sell", _("sell")


class Order(FSMModelMixin, models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("plan order")
        DRIVER = "driver", _("driver order")
        SALE = "sale", _("sale order")
        PRODUCT = "product", _("product order")
        EXCHANGE = "exchange", _("exchange order")

    class State(models.TextChoices):
        PLACED = "placed", _("placed")
        PENDING_PAYMENT = "pending_payment", _("pending payment")
        OPEN = "open", _("open")
        UNDERWRITING = "underwriting", _("underwriting")
        PAID = "paid", _("paid")
        USER_PAID = "user_paid", _("user paid")
        USER_TRANSFERRED = "user_transferred", _("user transferred")
        UNDERWRITTEN = "underwritten", _("underwritten")
        REJECTED = "rejected", _("underwriting rejected")
        EFFECTIVE = "effective", _("effective")
        EXPIRED = "expired", _("expired")
        COMPLETED = "completed", _("completed")
        REFUNDED = "refunded", _("refunded")
        CANCELLED = "cancelled", _("cancelled")

    S = State
    # DESIGN §8: the seed's state_code and its label (the seed's `state` string) per state.
    STATE_CODES = {
        S.PLACED: (0, "已下单"), S.PENDING_PAYMENT: (0, "待支付"), S.OPEN: (0, "进行中"),
        S.UNDERWRITING: (1, "核保中"),
        S.PAID: (2, "已支付"), S.USER_PAID: (2, "用户已打款"), S.USER_TRANSFERRED: (2, "用户已转币"),
        S.UNDERWRITTEN: (3, "核保通过"), S.REJECTED: (4, "核保未通过"),
        S.EFFECTIVE: (5, "已生效"), S.EXPIRED: (6, "已失效"),
        S.COMPLETED: (7, "已完成"), S.REFUNDED: (8, "已退款"), S.CANCELLED: (9, "已取消"),
    }
    INITIAL_STATE = {
        Kind.PLAN: S.PLACED, Kind.DRIVER: S.PLACED, Kind.SALE: S.PLACED,
        Kind.PRODUCT: S.PENDING_PAYMENT, Kind.EXCHANGE: S.OPEN,
    }
    CONTRACT_KINDS = (Kind.PLAN, Kind.DRIVER, Kind.SALE)
    # Seed 002 `type` codes.
    KIND_CODES = {Kind.PLAN: 0, Kind.DRIVER: 1, Kind.SALE: 2, Kind.PRODUCT: 3, Kind.EXCHANGE: 4}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order_no = models.CharField(_("order number"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = FSMField(_("state"), default=S.PLACED, choices=State.choices, protected=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("buyer")
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", null=True, blank=True, on_delete=models.PROTECT, related_name="orders",
        verbose_name=_("merchant"),
    )
    # Seed 002 `orders.vid`: plan, driver and sale orders are about one vehicle.
    vehicle = models.ForeignKey(
        "orders.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="orders",
        verbose_name=_("vehicle"),
    )
    summary = models.DecimalField(_("summary"), max_digits=12, decimal_places=2, default=0)
    payment = models.DecimalField(_("payment"), max_digits=12, decimal_places=2, default=0)
    delivery_address = models.CharField(_("delivery address"), max_length=255, blank=True)
    expect_at = models.DateTimeField(_("expected at"), null=True, blank=True)
    start_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    stop_at = models.DateTimeField(_("stops at"), null=True, blank=True)
    # The next time-driven change (payment deadline, activation at start_at, expiry at stop_at); indexed so
    # the sweep touches only due rows (DESIGN §6).
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["buyer", "-updated_at"], name="order_buyer_updated"),
            models.Index(fields=["merchant", "state"], name="order_merchant_state"),
            models.Index(fields=["kind", "state"], name="order_kind_state"),
            models.Index(
                fields=["deadline_at"],
                condition=Q(state__in=["pending_payment", "paid", "effective"]),
                name="order_due",
            ),
        ]

    def __str__(self):
        return self.order_no

    @property
    def state_code(self) -> int:
        return self.STATE_CODES[self.state][0]

    @property
    def state_label(self) -> str:
        return self.STATE_CODES[self.state][1]

    @property
    def kind_code(self) -> int:
        return self.KIND_CODES[self.kind]

    # --- conditions -----------------------------------------------------------------------------------
    def is_contract(self) -> bool:
        return self.kind in self.CONTRACT_KINDS

    def is_plan(self) -> bool:
        return self.kind == self.Kind.PLAN

    def is_product(self) -> bool:
        return self.kind == self.Kind.PRODUCT

    def is_exchange_buy(self) -> bool:
        return self.kind == self.Kind.EXCHANGE and self.exchange_ext.direction == ExchangeDirection.BUY

    def is_exchange_sell(self) -> bool:
        return self.kind == self.Kind.EXCHANGE and self.exchange_ext.direction == ExchangeDirection.SELL

    def cancellable(self) -> bool:
        """Each kind cancels only from its own pre-payment states (DESIGN §8)."""
        if self.kind in self.CONTRACT_KINDS:
            return self.state in (self.S.PLACED, self.S.UNDERWRITING, self.S.UNDERWRITTEN, self.S.REJECTED)
        if self.kind == self.Kind.PRODUCT:
            return self.state == self.S.PENDING_PAYMENT
        return self.kind == self.Kind.EXCHANGE and self.state == self.S.OPEN

    def payable(self) -> bool:
        """Plan orders pay once underwritten; driver/sale once placed; product while pending payment."""
        if self.kind == self.Kind.PLAN:
            return self.state == self.S.UNDERWRITTEN
        if self.kind in (self.Kind.DRIVER, self.Kind.SALE):
            return self.state == self.S.PLACED
        return self.kind == self.Kind.PRODUCT and self.state == self.S.PENDING_PAYMENT

    # --- transitions: each takes the time of the change and sets only this row's dates and deadline ----
    # --- underwriting (plan) --------------------------------------------------------------------------
    @transition(field=state, source=S.PLACED, target=S.UNDERWRITING, conditions=[is_plan])
    def underwrite_start(self, *, at):
        pass

    @transition(field=state, source=[S.UNDERWRITING, S.REJECTED], target=S.UNDERWRITTEN, conditions=[is_plan])
    def underwrite_pass(self, *, at):
        pass

    @transition(field=state, source=[S.UNDERWRITING, S.UNDERWRITTEN], target=S.REJECTED, conditions=[is_plan])
    def underwrite_fail(self, *, at):
        pass

    # --- payment and contract life (plan / driver / sale / product) ----------------------------------
    @transition(field=state, source=[S.PLACED, S.UNDERWRITTEN, S.PENDING_PAYMENT], target=S.PAID, conditions=[payable])
    def pay(self, *, at):
        self.paid_at = at
        if self.is_contract():
            # A contract starts when expected (never before it is paid) and runs for CONTRACT_TERM.
            self.start_at = max(self.expect_at or at, at)
            self.stop_at = self.start_at + CONTRACT_TERM
            self.deadline_at = self.start_at
        else:
            self.deadline_at = None

    @transition(field=state, source=S.PAID, target=S.EFFECTIVE, conditions=[is_contract])
    def activate(self, *, at):
        self.deadline_at = self.stop_at

    @transition(field=state, source=S.EFFECTIVE, target=S.EXPIRED, conditions=[is_contract])
    def expire(self, *, at):
        self.deadline_at = None

    @transition(field=state, source=S.PAID, target=S.COMPLETED, conditions=[is_product])
    def complete(self, *, at):
        self.completed_at = at
        self.deadline_at = None

    @transition(field=state, source=S.PAID, target=S.REFUNDED, conditions=[is_product])
    def refund(self, *, at):
        self.deadline_at = None

    @transition(
        field=state,
        source=[S.PLACED, S.UNDERWRITING, S.UNDERWRITTEN, S.REJECTED, S.PENDING_PAYMENT, S.OPEN],
        target=S.CANCELLED,
        conditions=[cancellable],
    )
    def cancel(self, *, at):
        self.cancelled_at = at
        self.deadline_at = None

    # --- exchange (seed 001): buy = userpay → merchanttransfer; sell = usertransfer → merchantpay ----------
    @transition(field=state, source=S.OPEN, target=S.USER_PAID, conditions=[is_exchange_buy])
    def userpay(self, *, at):
        pass

    @transition(field=state, source=S.USER_PAID, target=S.COMPLETED, conditions=[is_exchange_buy])
    def merchanttransfer(self, *, at):
        self.completed_at = at
        self.deadline_at = None

    @transition(field=state, source=S.OPEN, target=S.USER_TRANSFERRED, conditions=[is_exchange_sell])
    def usertransfer(self, *, at):
        pass

    @transition(field=state, source=S.USER_TRANSFERRED, target=S.COMPLETED, conditions=[is_exchange_sell])
    def merchantpay(self, *, at):
        self.completed_at = at
        self.deadline_at = None


class OrderEvent(EventBase):
    """Seed 002 `order_events`: order, actor (uid), type, JSON data, occurred_at — one per change."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))

    class Meta(EventBase.Meta):
        verbose_name = _("order event")
        verbose_name_plural = _("order events")


class OrderNoSequence(models.Model):
    """Per-day counter behind `order_no` (ORD + yyyymmdd + 4+ digits); the row is locked to allocate."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("order number sequence")
        verbose_name_plural = _("order number sequences")

    def __str__(self):
        return f"{self.day}: {self.last}"


class OrderItem(models.Model):
    """Seed 002 `order_items` (a plan item at a price) and seed 004 `order_items` (a product × quantity)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    plan = models.ForeignKey(
        "orders.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("plan")
    )
    plan_item = models.ForeignKey(
        "orders.PlanItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("plan item"),
    )
    product = models.ForeignKey(
        "merchants.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="order_items",
        verbose_name=_("product"),
    )
    # The line's place in the order as the buyer listed it (ids are random uuids).
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    price = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ("position", "id")

    def __str__(self):
        return f"{self.order_id}: {self.price}"


class Payment(FSMModelMixin, models.Model):
    """Seed 004 `payments`: one attempt to pay an order through a gateway (`sandbox` built in)."""

    class Status(models.TextChoices):
        CREATED = "created", _("created")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments", verbose_name=_("order"))
    gateway = models.CharField(_("payment method"), max_length=20, default="sandbox")
    reference = models.CharField(_("reference"), max_length=64, unique=True)
    transaction_id = models.CharField(_("transaction id"), max_length=64, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.CREATED, protected=True)
    callback_data = models.JSONField(_("callback data"), default=dict, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ("-created_at",)

    def __str__(self):
        return self.reference

    # --- transitions (the provider's callback decides; replays find the payment no longer `created`) -----
    @transition(field=status, source=Status.CREATED, target=Status.PAID)
    def succeed(self, *, at, transaction_id: str, raw: dict):
        self.paid_at = at
        self.transaction_id = transaction_id
        self.callback_data = raw

    @transition(field=status, source=Status.CREATED, target=Status.FAILED)
    def fail(self, *, raw: dict):
        self.callback_data = raw


# --- seed 002 catalog (staff-managed in the admin, readable by owners) ----------------------------------
