"""Seed 004 travel partners: plans, invitations between matched users, and the companionships that
accepted invitations create (DESIGN §3.5)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase


class TravelPlan(models.Model):
    """A user's trip (seed 004 `travel_plans`). `interests` is the seed's comma-separated text."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        FRIENDS = "friends", _("companions only")
        PRIVATE = "private", _("private")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_plans", verbose_name=_("user")
    )
    destination = models.CharField(_("destination"), max_length=100)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    budget = models.DecimalField(_("budget"), max_digits=10, decimal_places=2)
    interests = models.TextField(_("interests"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("travel plan")
        verbose_name_plural = _("travel plans")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="plan_ends_after_start"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plan_budget_not_negative"),
        ]
        indexes = [
            # The match prefilter: visible plans whose dates overlap a window.
            models.Index(fields=["visibility", "start_date", "end_date"], name="plan_visible_dates"),
            models.Index(fields=["user", "-created_at"], name="plan_user_created"),
        ]

    def __str__(self):
        return f"{self.destination} {self.start_date}–{self.end_date}"


class Invitation(FSMModelMixin, models.Model):
    """An invitation to travel together, sent from one plan to a matched plan's owner."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_invitations_sent",
        verbose_name=_("inviter"),
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_invitations_received",
        verbose_name=_("invitee"),
    )
    plan = models.ForeignKey(
        TravelPlan, on_delete=models.CASCADE, related_name="invitations_sent", verbose_name=_("inviter's plan")
    )
    matched_plan = models.ForeignKey(
        TravelPlan, on_delete=models.CASCADE, related_name="invitations_received", verbose_name=_("matched plan")
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    state = FSMField(_("state"), default=State.PENDING, choices=State.choices, protected=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("travel invitation")
        verbose_name_plural = _("travel invitations")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "matched_plan"], condition=Q(state="pending"), name="invitation_one_pending_per_pair"
            ),
            models.CheckConstraint(condition=~Q(inviter=F("invitee")), name="invitation_not_to_self"),
        ]
        indexes = [
            models.Index(fields=["invitee", "state"], name="invitation_invitee_state"),
            models.Index(fields=["inviter", "state"], name="invitation_inviter_state"),
        ]

    def __str__(self):
        return f"{self.inviter} → {self.invitee} ({self.state})"

    @transition(field=state, source=State.PENDING, target=State.ACCEPTED)
    def accept(self, *, at):
        self.responded_at = at

    @transition(field=state, source=State.PENDING, target=State.DECLINED)
    def decline(self, *, at):
        self.responded_at = at


class InvitationEvent(EventBase):
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="events", verbose_name=_("invitation")
    )

    class Meta(EventBase.Meta):
        verbose_name = _("invitation event")
        verbose_name_plural = _("invitation events")


class Companionship(models.Model):
    """Two users who travel together; stored once per pair with the smaller user id first."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("companion")
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invitation")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("companionship")
        verbose_name_plural = _("companionships")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="companionship_once_per_pair"),
            models.CheckConstraint(condition=Q(user_low__lt=F("user_high")), name="companionship_ordered_pair"),
        ]
        indexes = [models.Index(fields=["user_high"], name="companionship_high")]

    def __str__(self):
        return f"{self.user_low} ⇄ {self.user_high}"
