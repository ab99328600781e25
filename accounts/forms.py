from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"), regex=r"^[\w.@+-]{3,150}$", max_length=150,
        help_text=_("3 to 150 letters, digits and @/./+/-/_ only."),
        error_messages={"invalid": _("Use 3 to 150 letters, digits and @/./+/-/_ only.")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    nickname = forms.CharField(label=_("Nickname"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=128, help_text=_("At least 8 characters, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is inactive."),
    }


class ProfileForm(forms.Form):
    nickname = forms.CharField(label=_("Nickname"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.RegexField(
        label=_("Phone"), regex=r"^\+?[0-9-]{5,20}$", required=False,
        error_messages={"invalid": _("Enter 5 to 20 digits (a leading + and dashes are allowed).")},
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *User.Gender.choices], required=False)
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    avatar = forms.CharField(label=_("Avatar URL"), max_length=255, required=False)

    @classmethod
    def for_user(cls, user: User, data=None):
        initial = {field: getattr(user, field) or "" for field in cls.base_fields}
        return cls(data=data, initial=initial)
