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
