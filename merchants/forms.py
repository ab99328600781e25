from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from merchants.models import CONTACT_PHONE_REGEX, Merchant, Product


class MerchantApplyForm(forms.Form):
    merchant_type = forms.ChoiceField(label=_("Merchant type"), choices=())
    business_name = forms.CharField(label=_("Business name"), max_length=100)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.RegexField(
        label=_("Contact phone"), regex=CONTACT_PHONE_REGEX, max_length=20,
        error_messages={"invalid": _("Enter 5 to 20 digits (a leading + and dashes are allowed).")},
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    business_license = forms.CharField(label=_("Business licence URL"), max_length=255, required=False)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant_type"].choices = Merchant.Type.choices


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    price = forms.DecimalField(label=_("Price"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    category = forms.CharField(label=_("Category"), max_length=50, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image_url = forms.CharField(label=_("Image URL"), max_length=255, required=False)
    image = forms.FileField(label=_("Upload an image"), required=False,
                            help_text=_("JPEG, PNG, GIF or WebP; replaces the image URL."))
    status = forms.ChoiceField(label=_("Status"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Product.Status.choices
        self.fields["status"].initial = Product.Status.AVAILABLE

    @classmethod
    def for_product(cls, product, data=None, files=None):
        return cls(data=data, files=files, initial={f: getattr(product, f) for f in cls.base_fields if f != "image"})


class BuyForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)


class WebsiteApplyForm(forms.Form):
    """The public website's 'become a merchant' form (seed 004 §2.5; no account needed)."""

    business_name = forms.CharField(label=_("Business name"), max_length=100)
    merchant_type = forms.ChoiceField(label=_("Merchant type"), required=False, choices=())
    contact_person = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = MerchantApplyForm.base_fields["contact_phone"]
    email = forms.EmailField(label=_("Email"), max_length=100, required=False)
    description = forms.CharField(label=_("What you would sell"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant_type"].choices = [("", "—")] + list(Merchant.Type.choices)
