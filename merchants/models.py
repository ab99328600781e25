from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from common.models import EventBase

# A contact phone: 5 to 20 digits, spaces and dashes, an optional leading +, at most 20 characters. Forms and
# serializers trim the value before they match it, so the pattern says so: the trimmed text starts and ends
# with a digit or a dash (after the +), and any whitespace around it is accepted. Whitespace is spelled out as
# the characters str.strip() removes: `\s` differs between Python and the schema validators (\x1c-\x1f, \ufeff).
_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
CONTACT_PHONE_REGEX = rf"^{_SPACE}*(?:\+[0-9 -]{{4,18}}[0-9-]|[0-9-][0-9 -]{{3,18}}[0-9-]){_SPACE}*$"


class Merchant(FSMModelMixin, models.Model):
    """A merchant profile (seed 004 `merchants`); a user has at most one. DESIGN §3.5."""

    class Type(models.TextChoices):
        FLOWER_SHOP = "flower_shop", _("flower shop")
        ACTIVITY_ORGANIZER = "activity_organizer", _("activity organizer")
        FARM_OWNER = "farm_owner", _("farm owner")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant", verbose_name=_("user")
    )
    merchant_type = models.CharField(_("merchant type"), max_length=30, choices=Type.choices)
    business_name = models.CharField(_("business name"), max_length=100)
    business_license = models.CharField(_("business license URL"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = FSMField(_("status"), default=Status.PENDING, choices=Status.choices, protected=True)
    reject_reason = models.CharField(_("reject reason"), max_length=255, blank=True)
    rating_avg = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(_("rating count"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_merchant"  # kept from before the app split
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["status", "merchant_type"], name="merchant_status_type")]

    def __str__(self):
        return self.business_name

    @property
    def can_sell(self) -> bool:
        return self.status == self.Status.APPROVED

    # Transitions (DESIGN §3.5): pending → approved | rejected, approved ⇄ suspended; a rejected
    # applicant may register again with corrected details (rejected → pending).
    @transition(field=status, source=Status.PENDING, target=Status.APPROVED)
    def approve(self):
        self.reject_reason = ""

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self, *, reason: str):
        self.reject_reason = reason

    @transition(field=status, source=Status.APPROVED, target=Status.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=status, source=Status.SUSPENDED, target=Status.APPROVED)
    def reinstate(self):
        pass

    @transition(field=status, source=Status.REJECTED, target=Status.PENDING)
    def resubmit(self):
        self.reject_reason = ""


class MerchantEvent(EventBase):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="events", verbose_name=_("merchant"))

    class Meta(EventBase.Meta):
        db_table = "marketplace_merchantevent"  # kept from before the app split
        verbose_name = _("merchant event")
        verbose_name_plural = _("merchant events")


class Product(FSMModelMixin, models.Model):
    """A merchant's product or service (seed 004 `products`)."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        UNAVAILABLE = "unavailable", _("unavailable")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="products", verbose_name=_("merchant"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    image_url = models.CharField(_("image URL"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=50, blank=True)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE, protected=True)
    hidden = models.BooleanField(_("hidden by staff"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_product"  # kept from before the app split
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["merchant", "status"], name="product_merchant_status")]

    def __str__(self):
        return self.name

    @transition(field=status, source=Status.UNAVAILABLE, target=Status.AVAILABLE)
    def publish(self):
        pass

    @transition(field=status, source=Status.AVAILABLE, target=Status.UNAVAILABLE)
    def unpublish(self):
        pass


class ProductEvent(EventBase):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="events", verbose_name=_("product"))

    class Meta(EventBase.Meta):
        verbose_name = _("product event")
        verbose_name_plural = _("product events")


class MerchantApplication(FSMModelMixin, models.Model):
    """An anonymous website application to become a merchant (seed 004 `website/merchant/apply`); staff
    convert it into a merchant account or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CONVERTED = "converted", _("converted")
        REJECTED = "rejected", _("rejected")

    business_name = models.CharField(_("business name"), max_length=100)
    merchant_type = models.CharField(
        _("merchant type"), max_length=30, choices=Merchant.Type.choices, blank=True,
        help_text=_("Optional on the website; required when staff convert the application."),
    )
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    email = models.EmailField(_("email"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = FSMField(_("status"), default=Status.PENDING, choices=Status.choices, protected=True)
    merchant = models.OneToOneField(
        Merchant, null=True, blank=True, on_delete=models.SET_NULL, related_name="application",
        verbose_name=_("merchant"),
    )
    reject_reason = models.CharField(_("reject reason"), max_length=255, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_merchantapplication"  # kept from before the app split
        verbose_name = _("merchant application")
        verbose_name_plural = _("merchant applications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["status", "-created_at"], name="merchantapp_status_created")]

    def __str__(self):
        return self.business_name

    @transition(field=status, source=Status.PENDING, target=Status.CONVERTED)
    def convert(self, *, merchant: Merchant, by, at):
        self.merchant = merchant
        self.handled_by = by
        self.handled_at = at

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self, *, reason: str, by, at):
        self.reject_reason = reason
        self.handled_by = by
        self.handled_at = at


class MerchantApplicationEvent(EventBase):
    application = models.ForeignKey(
        MerchantApplication, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )

    class Meta(EventBase.Meta):
        db_table = "marketplace_merchantapplicationevent"  # kept from before the app split
        verbose_name = _("merchant application event")
        verbose_name_plural = _("merchant application events")


class SuccessCase(FSMModelMixin, models.Model):
    """A website success story (seed 004 `website/cases`): draft → in_review → published; only published,
    not-hidden cases are public."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    image_url = models.CharField(_("image URL"), max_length=500, blank=True)
    merchant = models.ForeignKey(
        Merchant, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", verbose_name=_("merchant")
    )
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    hidden = models.BooleanField(_("hidden by staff"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "marketplace_successcase"  # kept from before the app split
        verbose_name = _("success case")
        verbose_name_plural = _("success cases")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["state", "hidden", "-published_at"], name="case_public")]

    def __str__(self):
        return self.title

    @transition(field=state, source=State.DRAFT, target=State.IN_REVIEW)
    def submit(self):
        pass

    @transition(field=state, source=State.IN_REVIEW, target=State.PUBLISHED)
    def publish(self, *, at):
        self.published_at = at

    @transition(field=state, source=State.IN_REVIEW, target=State.DRAFT)
    def send_back(self):
        pass

    @transition(field=state, source=State.PUBLISHED, target=State.DRAFT)
    def unpublish(self):
        self.published_at = None


class SuccessCaseEvent(EventBase):
    case = models.ForeignKey(SuccessCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))

    class Meta(EventBase.Meta):
        db_table = "marketplace_successcaseevent"  # kept from before the app split
        verbose_name = _("success case event")
        verbose_name_plural = _("success case events")
