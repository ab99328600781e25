from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several images in one input; each is validated as an image and against UPLOAD_MAX_BYTES."""

    widget = MultipleImageInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/*")

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = []
        for upload in files:
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise forms.ValidationError(
                    _("Each image must be at most %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
                )
            cleaned.append(super().clean(upload, initial))
        return cleaned


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    category = forms.CharField(label=_("Category"), max_length=50, required=False)
    price = forms.DecimalField(label=_("Price"), max_digits=12, decimal_places=2, min_value=Decimal("0"))
    depreciation = forms.CharField(label=_("Condition"), max_length=50, required=False,
                                   help_text=_("For example: like new, 90% new."))
    note = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    images = MultipleImageField(label=_("Photos"), help_text=_("JPEG, PNG, GIF or WebP; you may pick several."))

    @classmethod
    def for_item(cls, item, data=None, files=None):
        initial = {name: getattr(item, name) for name in ("title", "category", "price", "depreciation", "note")}
        return cls(data=data, files=files, initial=initial)


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.CharField(label=_("Category"), required=False, max_length=50)
    min_price = forms.DecimalField(label=_("Lowest price"), required=False, min_value=0, max_digits=12, decimal_places=2)
    max_price = forms.DecimalField(label=_("Highest price"), required=False, min_value=0, max_digits=12, decimal_places=2)


class MerchantApplyForm(forms.Form):
    merchant_type = forms.ChoiceField(label=_("Merchant type"), choices=())
    business_name = forms.CharField(label=_("Business name"), max_length=100)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.RegexField(
        label=_("Contact phone"), regex=r"^\+?[0-9 -]{5,20}$", max_length=20,
        error_messages={"invalid": _("Enter 5 to 20 digits (a leading + and dashes are allowed).")},
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    business_license = forms.CharField(label=_("Business licence URL"), max_length=255, required=False)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        from marketplace.models import Merchant

        super().__init__(*args, **kwargs)
        self.fields["merchant_type"].choices = Merchant.Type.choices


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    price = forms.DecimalField(label=_("Price"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    category = forms.CharField(label=_("Category"), max_length=50, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image_url = forms.CharField(label=_("Image URL"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=())

    def __init__(self, *args, **kwargs):
        from marketplace.models import Product

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Product.Status.choices
        self.fields["status"].initial = Product.Status.AVAILABLE

    @classmethod
    def for_product(cls, product, data=None):
        return cls(data=data, initial={f: getattr(product, f) for f in cls.base_fields})


class BuyForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
