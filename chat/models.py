from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """A stored message: chat between users, a system notice, or a seed-001 order change. Stored before it
    is pushed, so an offline user gets it later (`sync`, fetchnew)."""

    class Type(models.TextChoices):
        CHAT = "chat", _("chat")
        SYSTEM = "system", _("system notice")
        CHANGEAMOUNT = "changeamount", _("amount changed")
        CHANGERATE = "changerate", _("rate changed")
        USERPAY = "userpay", _("user paid")
        USERTRANSFER = "usertransfer", _("user transferred")
        MERCHANTPAY = "merchantpay", _("merchant paid")
        MERCHANTTRANSFER = "merchanttransfer", _("merchant transferred")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="sent_messages",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_messages",
        verbose_name=_("recipient"),
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.CHAT)
    content = models.TextField(_("content"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages",
        verbose_name=_("order"),
    )
    item = models.ForeignKey(
        "marketplace.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages",
        verbose_name=_("item"),
    )
    trade = models.ForeignKey(
        "marketplace.Trade", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages",
        verbose_name=_("trade"),
    )
    fetched = models.BooleanField(_("fetched"), default=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("id",)
        indexes = [
            models.Index(fields=["recipient", "fetched", "id"], name="msg_recipient_unfetched"),
            models.Index(fields=["recipient", "id"], name="msg_recipient_id"),
            models.Index(fields=["sender", "recipient", "id"], name="msg_conversation"),
            models.Index(fields=["order", "id"], name="msg_order"),
            # `sync` and history read "everything I sent or received after id N": the recipient half uses
            # msg_recipient_id, the sender half this one.
            models.Index(fields=["sender", "id"], name="msg_sender_id"),
            # Unread counts per conversation touch only unread rows.
            models.Index(
                fields=["recipient", "sender"], name="msg_unread", condition=models.Q(read_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.type} #{self.pk} → {self.recipient_id}"
