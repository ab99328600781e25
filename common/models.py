from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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


class IdempotencyRecord(models.Model):
    """The first answer to a request sent with an `Idempotency-Key` (DESIGN §9): the same key from the same
    user within IDEMPOTENCY_TTL answers it again instead of doing the work twice. `user_id` is a plain column
    (no foreign key) so `common` stays below `accounts`."""

    user_id = models.BigIntegerField(_("user id"))
    key = models.CharField(_("key"), max_length=255)
    scope = models.CharField(_("scope"), max_length=255)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    body = models.JSONField(_("body"), null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="idempotency_user_key_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


class CacheState(models.Model):
    """A derived cache (in Redis) that a failed refresh left stale: which ids (or all, `overflow`) to redo
    before the cache may be read again (common/cache.py)."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    dirty = models.BooleanField(_("dirty"), default=False)
    dirty_ids = models.JSONField(_("dirty ids"), default=list, blank=True)
    overflow = models.BooleanField(_("overflow"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cache state")
        verbose_name_plural = _("cache states")

    def __str__(self):
        return self.name
