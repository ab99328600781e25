"""Underwriting (seed 002 `underwrite`, `photos`, `problems`; DESIGN §3.4): the vehicle inspection of a plan
order, scheduled → inspected → passed | failed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase


class Underwrite(FSMModelMixin, models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        INSPECTED = "inspected", _("inspected")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    class CertificateState(models.IntegerChoices):
        NONE = 0, _("no certificates uploaded")
        PARTIAL = 1, _("some certificates uploaded")
        ALL = 2, _("all certificates uploaded")

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    S = State

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="underwrite", verbose_name=_("order")
    )
    # DESIGN §8: the underwrite keeps the order's quotation (seed 002 entity `quotation`).
    quotation = models.ForeignKey(
        "orders.Quotation", on_delete=models.PROTECT, related_name="+", verbose_name=_("quotation")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="underwrites",
        verbose_name=_("operator"),
    )
    state = FSMField(_("state"), default=S.SCHEDULED, choices=State.choices, protected=True)
    plan_time = models.DateTimeField(_("planned inspection time"))
    real_time = models.DateTimeField(_("inspection completed at"), null=True, blank=True)
    validate_place = models.CharField(_("appointment place"), max_length=256)
    validate_update_time = models.DateTimeField(_("appointment place updated at"))
    real_place = models.CharField(_("inspection place"), max_length=256, null=True, blank=True)
    real_update_time = models.DateTimeField(_("inspection place updated at"), null=True, blank=True)
    certificate_state = models.PositiveSmallIntegerField(
        _("certificate state"), choices=CertificateState.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), null=True, blank=True)
    note_update_time = models.DateTimeField(_("note updated at"), null=True, blank=True)
    underwrite_result = models.CharField(
        _("underwrite result"), max_length=10, choices=Result.choices, null=True, blank=True
    )
    result_update_time = models.DateTimeField(_("result updated at"), null=True, blank=True)
    # Set once the operator has been reminded of plan_time, so the beat task reminds only once.
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("underwrite")
        verbose_name_plural = _("underwrites")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["state", "-updated_at"], name="uw_state_updated"),
            models.Index(fields=["operator", "state"], name="uw_operator_state"),
            # The reminder sweep touches only scheduled rows not yet reminded (DESIGN §6).
            models.Index(
                fields=["plan_time"],
                condition=Q(state="scheduled", reminder_sent_at__isnull=True, deleted=False),
                name="uw_reminder_due",
            ),
        ]

    def __str__(self):
        return f"{self.order_id}: {self.state}"

    @transition(field=state, source=S.SCHEDULED, target=S.INSPECTED)
    def inspect(self, *, at, real_place, operator_id, certificate_state):
        self.real_time = at
        self.real_place = real_place
        self.real_update_time = at
        self.operator_id = operator_id
        self.certificate_state = certificate_state

    # Submitting goes from inspected; a reviewer's alteration flips passed ⇄ failed (DESIGN §8).
    @transition(field=state, source=[S.INSPECTED, S.FAILED], target=S.PASSED)
    def record_pass(self, *, at):
        self.underwrite_result = self.Result.PASSED
        self.result_update_time = at

    @transition(field=state, source=[S.INSPECTED, S.PASSED], target=S.FAILED)
    def record_fail(self, *, at):
        self.underwrite_result = self.Result.FAILED
        self.result_update_time = at


def photo_upload_to(instance, filename):
    return f"underwrite/{instance.underwrite_id}/{filename}"


class UnderwritePhoto(models.Model):
    """Seed 002 `photos`: an uploaded image (through Django storage) or the seed's URL string."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    underwrite = models.ForeignKey(
        Underwrite, on_delete=models.CASCADE, related_name="photos", db_column="uwid", verbose_name=_("underwrite")
    )
    photo = models.CharField(_("photo URL"), max_length=1024, blank=True)
    file = models.FileField(_("photo file"), upload_to=photo_upload_to, max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=50, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("underwrite photo")
        verbose_name_plural = _("underwrite photos")
        ordering = ("created_at", "id")

    def __str__(self):
        return self.photo or self.file.name


class UnderwriteProblem(models.Model):
    """Seed 002 `problems`: a problem found on the vehicle (type, description)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    underwrite = models.ForeignKey(
        Underwrite, on_delete=models.CASCADE, related_name="problems", db_column="uwid",
        verbose_name=_("underwrite"),
    )
    type = models.CharField(_("problem type"), max_length=32)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("underwrite problem")
        verbose_name_plural = _("underwrite problems")
        ordering = ("created_at", "id")

    def __str__(self):
        return self.type


class UnderwriteEvent(EventBase):
    underwrite = models.ForeignKey(
        Underwrite, on_delete=models.CASCADE, related_name="events", verbose_name=_("underwrite")
    )

    class Meta(EventBase.Meta):
        verbose_name = _("underwrite event")
        verbose_name_plural = _("underwrite events")
