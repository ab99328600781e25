from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from travel.models import TravelPlan


class TravelPlanForm(forms.Form):
    destination = forms.CharField(label=_("Destination"), max_length=100)
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    budget = forms.DecimalField(label=_("Budget"), max_digits=10, decimal_places=2, min_value=Decimal("0"))
    interests = forms.CharField(label=_("Interests"), max_length=500, required=False,
                                help_text=_("Comma-separated, for example: hiking, photography."))
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=TravelPlan.Visibility.choices,
                                   initial=TravelPlan.Visibility.PUBLIC)


class InviteForm(forms.Form):
    matched_plan = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message"), max_length=500, required=False)
