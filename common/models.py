from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventBase(models.Model):
    """One row per state change (STYLE rule 4): who, from, to, why, data, when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("actor"),
    )
    type = models.CharField(_("type"), max_length=50)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ("occurred_at", "id")

    def __str__(self):
        return f"{self.type}: {self.from_state} → {self.to_state}"


class LoadedValuesMixin:
    """Remember the loaded values of `TRACKED_FIELDS` (the fields transitions change), so a batch write can
    update only what changed and group rows by it (Django's documented `from_db` pattern)."""

    TRACKED_FIELDS: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        instance._loaded_values = {f: loaded[f] for f in cls.TRACKED_FIELDS if f in loaded}
        return instance
