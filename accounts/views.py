"""Sign up, log in, log out, profile — thin pages over accounts.services."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import LoginForm, ProfileForm, SignupForm
from chat.notify import close_user_sockets
from common.pages import call_service, next_url


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}
        ok, user = call_service(request, services.user_register, form=form, **data)
        if ok:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome, %(name)s!") % {"name": user.display_name})
            return redirect(next_url(request, "home"))
    return render(request, "accounts/signup.html", {"form": form})


class PageLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


login = PageLoginView.as_view()


@require_POST
def logout(request):
    user_id = request.user.pk if request.user.is_authenticated else None
    auth_logout(request)
    if user_id is not None:
        # A logged-out browser must not keep receiving this user's pushes (DESIGN §5: 4003).
        with transaction.atomic():
            close_user_sockets(user_id, code=4003)
    messages.success(request, _("You are logged out."))
    return redirect("home")


@login_required
def profile(request):
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _user = call_service(
            request, services.user_profile_update, form=form, user=request.user, data=form.cleaned_data,
            success=_("Profile saved."),
        )
        if ok:
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})
