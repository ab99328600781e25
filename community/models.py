"""Seed 004 community content: animals to claim (with claims and an update feed), activities with
registrations (DESIGN §3.5, §8 "Animals")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase


class Animal(FSMModelMixin, models.Model):
    """A farm animal that users can claim (seed 004 `animals`)."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        CLAIMED = "claimed", _("claimed")
        UNAVAILABLE = "unavailable", _("unavailable")

    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="animals", verbose_name=_("merchant")
    )
    name = models.CharField(_("name"), max_length=50)
    species = models.CharField(_("species"), max_length=50)
    breed = models.CharField(_("breed"), max_length=50, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    personality = models.TextField(_("personality"), blank=True)
    farm_location = models.CharField(_("farm location"), max_length=255, blank=True)
    price = models.DecimalField(_("claim price"), max_digits=10, decimal_places=2)
    status = FSMField(_("status"), default=Status.AVAILABLE, choices=Status.choices, protected=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_animal"  # kept from before the app split
        verbose_name = _("animal")
        verbose_name_plural = _("animals")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["status", "species"], name="animal_status_species"),
            models.Index(fields=["merchant", "status"], name="animal_merchant_status"),
        ]

    def __str__(self):
        return self.name

    @transition(field=status, source=Status.AVAILABLE, target=Status.CLAIMED)
    def claim(self):
        pass

    @transition(field=status, source=Status.CLAIMED, target=Status.AVAILABLE)
    def release(self):
        pass

    # A claimed animal must have its claim cancelled first, so no claimant loses an animal silently.
    @transition(field=status, source=Status.AVAILABLE, target=Status.UNAVAILABLE)
    def withdraw(self):
        pass

    @transition(field=status, source=Status.UNAVAILABLE, target=Status.AVAILABLE)
    def restore(self):
        pass


class AnimalClaim(FSMModelMixin, models.Model):
    """One user's claim of one animal (seed 004 `animal_claims`): active for CLAIM_DAYS, then ended."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")
        CANCELLED = "cancelled", _("cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="animal_claims", verbose_name=_("user")
    )
    animal = models.ForeignKey(Animal, on_delete=models.CASCADE, related_name="claims", verbose_name=_("animal"))
    price_paid = models.DecimalField(_("price paid"), max_digits=10, decimal_places=2)
    status = FSMField(_("status"), default=Status.ACTIVE, choices=Status.choices, protected=True)
    claimed_at = models.DateTimeField(_("claimed at"))
    # When an active claim is due to end (the sweep's deadline); ended_at is when it actually ended.
    ends_at = models.DateTimeField(_("ends at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("cancelled by"),
    )

    class Meta:
        db_table = "marketplace_animalclaim"  # kept from before the app split
        verbose_name = _("animal claim")
        verbose_name_plural = _("animal claims")
        ordering = ("-claimed_at", "-id")
        constraints = [
            # One active claim per animal, enforced by the database and not only by the service's lock.
            models.UniqueConstraint(fields=["animal"], condition=Q(status="active"), name="claim_one_active_per_animal"),
        ]
        indexes = [
            models.Index(fields=["user", "status", "-claimed_at"], name="claim_user_status"),
            models.Index(fields=["ends_at"], condition=Q(status="active"), name="claim_due"),
        ]

    def __str__(self):
        return f"{self.user} → {self.animal}"

    @transition(field=status, source=Status.ACTIVE, target=Status.ENDED)
    def end(self, *, at):
        self.ended_at = at

    @transition(field=status, source=Status.ACTIVE, target=Status.CANCELLED)
    def cancel(self, *, at, by):
        self.ended_at = at
        self.cancelled_by = by


class AnimalEvent(EventBase):
    """One row per change of an animal or one of its claims."""

    animal = models.ForeignKey(Animal, on_delete=models.CASCADE, related_name="events", verbose_name=_("animal"))
    claim = models.ForeignKey(
        AnimalClaim, null=True, blank=True, on_delete=models.CASCADE, related_name="events", verbose_name=_("claim")
    )

    class Meta(EventBase.Meta):
        db_table = "marketplace_animalevent"  # kept from before the app split
        verbose_name = _("animal event")
        verbose_name_plural = _("animal events")


class AnimalUpdate(models.Model):
    """A post in an animal's feed (seed 004 `animal_updates`): text, a photo or a video by its farm."""

    class Type(models.TextChoices):
        TEXT = "text", _("text")
        PHOTO = "photo", _("photo")
        VIDEO = "video", _("video")
        HEALTH = "health", _("health report")

    animal = models.ForeignKey(Animal, on_delete=models.CASCADE, related_name="updates", verbose_name=_("animal"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    update_type = models.CharField(_("update type"), max_length=20, choices=Type.choices, default=Type.TEXT)
    content = models.TextField(_("content"), blank=True)
    media_url = models.CharField(_("media URL"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "marketplace_animalupdate"  # kept from before the app split
        verbose_name = _("animal update")
        verbose_name_plural = _("animal updates")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["animal", "-created_at"], name="animal_update_feed")]

    def __str__(self):
        return f"{self.animal}: {self.update_type}"


class Activity(FSMModelMixin, models.Model):
    """An event run by an activity organizer (seed 004 `activities`)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="activities", verbose_name=_("merchant")
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    activity_type = models.CharField(_("activity type"), max_length=50, blank=True)
    start_time = models.DateTimeField(_("start time"))
    end_time = models.DateTimeField(_("end time"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    fee = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, default=0)
    max_participants = models.PositiveIntegerField(_("max participants"))
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED, protected=True)
    # A fee is paid through a product order (DESIGN §3.3 product): this is the product that order buys.
    product = models.ForeignKey(
        "merchants.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("fee product"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_activity"  # kept from before the app split
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("start_time", "id")
        indexes = [models.Index(fields=["status", "start_time"], name="activity_status_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="activity_ends_after_start"),
            models.CheckConstraint(condition=Q(max_participants__gte=1), name="activity_has_places"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="activity_fee_not_negative"),
        ]

    def __str__(self):
        return self.title

    @transition(field=status, source=Status.PUBLISHED, target=Status.CANCELLED)
    def cancel(self):
        pass


class ActivityRegistration(FSMModelMixin, models.Model):
    """A user's place in an activity (seed 004 `activity_registrations`). A place is taken while the
    registration is `registered` or `pending_payment` (a fee is due: its product order is unpaid)."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("pending payment")
        REGISTERED = "registered", _("registered")
        CANCELLED = "cancelled", _("cancelled")

    HOLDING = (Status.PENDING_PAYMENT, Status.REGISTERED)

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("activity")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_registrations",
        verbose_name=_("user"),
    )
    status = FSMField(_("status"), default=Status.REGISTERED, choices=Status.choices, protected=True)
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("order")
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        db_table = "marketplace_activityregistration"  # kept from before the app split
        verbose_name = _("activity registration")
        verbose_name_plural = _("activity registrations")
        ordering = ("-registered_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"], condition=Q(status__in=["pending_payment", "registered"]),
                name="registration_one_open_per_user",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status"], name="registration_activity_status")]

    def __str__(self):
        return f"{self.user} @ {self.activity}"

    @transition(field=status, source=Status.PENDING_PAYMENT, target=Status.REGISTERED)
    def confirm_payment(self):
        pass

    @transition(field=status, source=[Status.PENDING_PAYMENT, Status.REGISTERED], target=Status.CANCELLED)
    def cancel(self, *, at):
        self.cancelled_at = at


class ActivityEvent(EventBase):
    """One row per registration change of an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="events", verbose_name=_("activity")
    )
    registration = models.ForeignKey(
        ActivityRegistration, null=True, blank=True, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("registration"),
    )

    class Meta(EventBase.Meta):
        db_table = "marketplace_activityevent"  # kept from before the app split
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
