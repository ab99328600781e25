"""Forms of the farm's pages (issue 16): list an animal, post to its feed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import AnimalUpdate


class AnimalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    species = forms.CharField(label=_("Species"), max_length=50)
    breed = forms.CharField(label=_("Breed"), max_length=50, required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    price = forms.DecimalField(label=_("Claim price (¥)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    personality = forms.CharField(label=_("Personality"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    farm_location = forms.CharField(label=_("Farm location"), max_length=255, required=False)


class AnimalUpdateForm(forms.Form):
    update_type = forms.ChoiceField(label=_("Kind of update"), choices=AnimalUpdate.Type.choices)
    content = forms.CharField(label=_("News"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    media_url = forms.URLField(label=_("Photo or video URL"), max_length=500, required=False, assume_scheme="https")
