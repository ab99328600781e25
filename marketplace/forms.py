from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marketplace.categories import CATEGORIES, SORTS


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
    category = forms.CharField(label=_("Category"), max_length=50, required=False,
                               widget=forms.TextInput(attrs={"list": "category-list"}),
                               help_text=_("Pick one from the list or type your own."))
    price = forms.DecimalField(label=_("Price"), max_digits=12, decimal_places=2, min_value=Decimal("0"))
    depreciation = forms.CharField(label=_("Condition"), max_length=50, required=False,
                                   help_text=_("For example: like new, 90% new."))
    note = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    images = MultipleImageField(label=_("Photos"), help_text=_("JPEG, PNG, GIF or WebP; you may pick several."))

    @classmethod
    def for_item(cls, item, data=None, files=None):
        initial = {name: getattr(item, name) for name in ("title", "category", "price", "depreciation", "note")}
        return cls(data=data, files=files, initial=initial)


class CategoryChoiceField(forms.ChoiceField):
    """A category, offered as the list, whatever its case ("Books" is `books`)."""

    def to_python(self, value):
        return super().to_python(value).strip().lower()

    def valid_value(self, value):
        # Items may carry a category of their own (the API and older items): filter by it too.
        return len(value) <= 50


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = CategoryChoiceField(label=_("Category"), required=False,
                                   choices=[("", _("All categories")), *CATEGORIES])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    min_price = forms.DecimalField(label=_("Lowest price"), required=False, min_value=0, max_digits=12, decimal_places=2)
    max_price = forms.DecimalField(label=_("Highest price"), required=False, min_value=0, max_digits=12, decimal_places=2)
