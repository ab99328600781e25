from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ChatForm(forms.Form):
    content = forms.CharField(
        label=_("Message"), max_length=settings.WS_MAX_CONTENT_LENGTH, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
