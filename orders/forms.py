from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import ExchangeOrderExt


class AmountForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=Decimal("0.01"))


class RateForm(forms.Form):
    rate = forms.DecimalField(label=_("Rate"), max_digits=12, decimal_places=6, min_value=Decimal("0.000001"))


class ExchangeOrderForm(forms.Form):
    merchant = forms.TypedChoiceField(label=_("Merchant"), coerce=int)
    direction = forms.ChoiceField(label=_("I want to"), choices=ExchangeOrderExt.Direction.choices)
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    rate = forms.DecimalField(label=_("Rate"), max_digits=12, decimal_places=6, min_value=Decimal("0.000001"))

    def __init__(self, *args, merchants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant"].choices = [(m.pk, m.business_name) for m in merchants]


class ReviewForm(forms.Form):
    """Rate a completed order with a merchant (seed 004 `reviews`)."""

    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(n, f"{n} ★") for n in range(5, 0, -1)],
                                    initial=5)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class VehicleForm(forms.Form):
    plate_no = forms.CharField(label=_("Plate number"), max_length=20)
    vin = forms.CharField(label=_("VIN"), max_length=32)
    value = forms.DecimalField(label=_("Vehicle value (¥)"), max_digits=12, decimal_places=2, min_value=Decimal("0"))


class DriverForm(forms.Form):
    name = forms.CharField(label=_("Driver name"), max_length=50)
    license_no = forms.CharField(label=_("Licence number"), max_length=32)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class DriverOrderForm(forms.Form):
    """Cover for some of my drivers on a vehicle (seed 002 placeAnDriverOrder: the client's totals are kept)."""

    drivers = forms.MultipleChoiceField(label=_("Drivers"), widget=forms.CheckboxSelectMultiple)
    summary = forms.DecimalField(label=_("Cover price (¥)"), max_digits=12, decimal_places=2, min_value=Decimal("0"))
    payment = forms.DecimalField(label=_("To pay (¥)"), max_digits=12, decimal_places=2, min_value=Decimal("0"))

    def __init__(self, *args, drivers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drivers"].choices = [(str(d.pk), f"{d.name} ({d.license_no})") for d in drivers]
